import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import { readFileSync } from "node:fs";

// The one list of forbidden globals, shared with test/bundle.test.ts.
const forbidden = JSON.parse(readFileSync("test/support/forbidden-globals.json", "utf8"));
const layer = (message, ...group) => ["error", { patterns: [{ group, message }] }];

export default tseslint.config(
  { ignores: ["dist/", "out/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Type-aware rules where they catch real bugs: provider answers and cells arrive untyped, so
    // an `any` must not flow on unchecked. no-unnecessary-condition relies on
    // noUncheckedIndexedAccess (tsconfig.json): with it, the checks of rows and answers paired by
    // position are necessary, and a check left is one the types cannot see the need for.
    files: ["src/**/*.ts"],
    languageOptions: {
      parserOptions: {
        project: ["./tsconfig.json", "./tsconfig.ui.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "error",
      "@typescript-eslint/no-unsafe-member-access": "error",
      "@typescript-eslint/no-unsafe-call": "error",
      "@typescript-eslint/no-unsafe-return": "error",
      "@typescript-eslint/no-unsafe-argument": "error",
      "@typescript-eslint/no-unnecessary-condition": "error",
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true },
      ],
    },
  },
  {
    // The add-on runs in Apps Script: no Node globals, no floats for money (see README).
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", ...forbidden.missingInAppsScript],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.name='parseFloat']",
          message: "Money is decimal text: use domain/money.",
        },
      ],
      "no-console": "error",
    },
  },
  {
    // Only gas/ touches Apps Script services; ui/ reaches them through its Ui port.
    files: ["src/app/**/*.ts", "src/domain/**/*.ts", "src/providers/**/*.ts", "src/ui/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...forbidden.missingInAppsScript,
        ...forbidden.appsScriptServices.map((name) => ({
          name,
          message: "Only src/gas/ calls Apps Script services: use a port (src/ports.ts).",
        })),
      ],
    },
  },
  {
    // Layers point down: domain imports nothing of ours; providers know no app, gas or ui.
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": layer(
        "domain/ is pure: it imports nothing of the add-on's outside domain/.",
        "**/app",
        "**/app/*",
        "**/providers",
        "**/providers/*",
        "**/gas",
        "**/gas/*",
        "**/ui",
        "**/ui/*",
        "**/ports",
        "**/main",
      ),
    },
  },
  {
    files: ["src/providers/**/*.ts"],
    rules: {
      "no-restricted-imports": layer(
        "providers/ talk HTTP through the ports: they know no app, gas or ui.",
        "**/app/*",
        "**/gas/*",
        "**/ui/*",
        "**/main",
      ),
    },
  },
  {
    files: ["src/app/**/*.ts"],
    rules: {
      "no-restricted-imports": layer(
        "app/ uses ports, never gas/ or ui/ directly.",
        "**/gas/*",
        "**/ui/*",
        "**/main",
      ),
    },
  },
  {
    // The Apps Script adapters may log through console (Cloud Logging).
    files: ["src/gas/**/*.ts"],
    rules: { "no-console": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs", "test/**/*.ts"],
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
  },
);

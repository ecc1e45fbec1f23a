import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

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
    // The add-on runs in Apps Script: no Node globals, no floats for money (see README).
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        "require",
        "process",
        "Buffer",
        "setTimeout",
        "setInterval",
        "URL",
        "URLSearchParams",
        "TextEncoder",
        "TextDecoder",
        "atob",
        "btoa",
        "fetch",
        "crypto",
      ],
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

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  maxWorkers: 2,
};

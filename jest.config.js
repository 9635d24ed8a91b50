const { loadEnv } = require("@medusajs/utils")
loadEnv("test", process.cwd())

// TEST_TYPE picks the suite: unit | contract | integration:http | crash | integration:topology |
// package (run by scripts/test-package.sh)
const testMatchByType = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s"],
  contract: ["**/integration-tests/contract/*.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/*.spec.[jt]s"],
  crash: ["**/integration-tests/crash/*.spec.[jt]s"],
  package: ["**/integration-tests/package/*.spec.[jt]s"],
  // Real processes (worker + two servers + Redis): run through scripts/with-redis.mjs.
  "integration:topology": ["**/integration-tests/topology/*.spec.[jt]s"],
}

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true },
          target: "es2021",
        },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch: testMatchByType[process.env.TEST_TYPE] ?? testMatchByType.unit,
}

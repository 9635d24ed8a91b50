// The official-starter stage (scripts/test-starter.sh): the repository's jest setup, this folder's spec only.
const base = require("../../jest.config.js")

module.exports = {
  ...base,
  rootDir: "../..",
  testMatch: ["<rootDir>/integration-tests/starter/*.spec.[jt]s"],
}

// Hardhat 2 config for the EvidenceAnchor contract: offline compiler, tests in tests/contracts.
require("@nomicfoundation/hardhat-ethers");
require("@nomicfoundation/hardhat-chai-matchers");

const fs = require("node:fs");
const { subtask, task } = require("hardhat/config");
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names");

// The compiler is the npm `solc` package pinned in package.json (solc-js, WebAssembly):
// Hardhat would otherwise download a native solc from the Solidity site, which this
// project forbids (no binary downloads at build time).
const SOLC_VERSION = require("solc/package.json").version;

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async ({ solcVersion }) => {
  if (solcVersion !== SOLC_VERSION) {
    throw new Error(
      `solidity.version asks for solc ${solcVersion} but the pinned npm solc is ${SOLC_VERSION}; ` +
        "change both together (package.json and hardhat.config.js)",
    );
  }
  const solc = require("solc");
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version().replace(/\.Emscripten\.clang$/, ""),
  };
});

task("export-artifact", "Write contracts/EvidenceAnchor.json (ABI and bytecode for Python)")
  .addFlag("check", "Only compare the committed file with a fresh build; fail if they differ")
  .setAction(async ({ check }, hre) => {
    const { ARTIFACT_PATH, renderArtifact, readCommittedArtifact } = require("./contracts/artifact.js");
    await hre.run("compile", { quiet: true });
    const fresh = await renderArtifact(hre);
    if (!check) {
      fs.writeFileSync(ARTIFACT_PATH, fresh);
      console.log(`wrote ${ARTIFACT_PATH}`);
    } else if (readCommittedArtifact() !== fresh) {
      throw new Error(`${ARTIFACT_PATH} is stale: run make contracts and commit it`);
    }
  });

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      // cancun: supported by every chain preset and by anvil and Hardhat's network.
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 10000 },
      viaIR: true,
    },
  },
  networks: {
    // Osaka: the hardfork of Ethereum mainnet and of anvil 1.7.1 ("latest"); gas figures use it.
    hardhat: { hardfork: "osaka" },
  },
  paths: {
    sources: "./contracts",
    tests: "./tests/contracts",
    cache: "./cache",
    artifacts: "./artifacts",
  },
  mocha: { timeout: 120000 },
};

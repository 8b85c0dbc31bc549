// Builds contracts/EvidenceAnchor.json, the committed ABI and bytecode that Python loads without Node.
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ARTIFACT_PATH = path.join(__dirname, "EvidenceAnchor.json");
const SOURCE_NAME = "contracts/EvidenceAnchor.sol";
const CONTRACT_NAME = "EvidenceAnchor";
const FORMAT = "ipledger-contract-artifact/1";

/**
 * Render the artifact from Hardhat's compile output (run `compile` first). The text is
 * deterministic, so the committed file can be byte-compared with a fresh build.
 * @param {import("hardhat/types").HardhatRuntimeEnvironment} hre
 * @returns {Promise<string>}
 */
async function renderArtifact(hre) {
  const fqn = `${SOURCE_NAME}:${CONTRACT_NAME}`;
  const artifact = await hre.artifacts.readArtifact(fqn);
  const buildInfo = await hre.artifacts.getBuildInfo(fqn);
  if (buildInfo === undefined) throw new Error(`no build info for ${fqn}: run npx hardhat compile`);
  const { evmVersion, optimizer, viaIR } = buildInfo.input.settings;
  const source = buildInfo.input.sources[SOURCE_NAME].content;
  const doc = {
    format: FORMAT,
    contractName: CONTRACT_NAME,
    sourceName: SOURCE_NAME,
    sourceSha256: crypto.createHash("sha256").update(source).digest("hex"),
    compiler: {
      name: "solc",
      version: buildInfo.solcLongVersion,
      settings: { evmVersion, optimizer, viaIR: viaIR === true },
    },
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    deployedBytecode: artifact.deployedBytecode,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The committed artifact text, or undefined when the file is missing. */
function readCommittedArtifact() {
  return fs.existsSync(ARTIFACT_PATH) ? fs.readFileSync(ARTIFACT_PATH, "utf8") : undefined;
}

module.exports = { ARTIFACT_PATH, FORMAT, renderArtifact, readCommittedArtifact };

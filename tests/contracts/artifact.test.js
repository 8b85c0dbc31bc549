// contracts/EvidenceAnchor.json, the artifact Python loads, against a fresh compile.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { expect } = require("chai");
const hre = require("hardhat");
const solc = require("solc");
const { ARTIFACT_PATH, FORMAT, renderArtifact, readCommittedArtifact } = require("../../contracts/artifact.js");

describe("contracts/EvidenceAnchor.json", function () {
  const committed = readCommittedArtifact();

  before(function () {
    if (committed === undefined) throw new Error(`${ARTIFACT_PATH} is missing: run make contracts`);
  });

  it("is byte for byte what `make contracts` writes from this source", async function () {
    await hre.run("compile", { quiet: true });
    expect(await renderArtifact(hre)).to.equal(committed, "stale artifact: run make contracts and commit it");
  });

  it("matches solc-js run directly on the source, bypassing Hardhat and its cache", function () {
    const doc = JSON.parse(committed);
    const { settings } = hre.config.solidity.compilers[0];
    const input = {
      language: "Solidity",
      sources: { [doc.sourceName]: { content: fs.readFileSync(path.join(hre.config.paths.root, doc.sourceName), "utf8") } },
      settings: { ...settings, outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } } },
    };
    const output = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (output.errors ?? []).filter((e) => e.severity === "error");
    expect(errors, JSON.stringify(errors)).to.deep.equal([]);
    const built = output.contracts[doc.sourceName][doc.contractName];
    expect(doc.format).to.equal(FORMAT);
    expect(doc.compiler.version).to.equal(solc.version().replace(/\.Emscripten\.clang$/, ""));
    expect(doc.compiler.settings).to.deep.equal({ evmVersion: settings.evmVersion, optimizer: settings.optimizer, viaIR: settings.viaIR });
    expect(doc.abi).to.deep.equal(built.abi);
    expect(doc.bytecode).to.equal(`0x${built.evm.bytecode.object}`);
    expect(doc.deployedBytecode).to.equal(`0x${built.evm.deployedBytecode.object}`);
  });

  it("deploys to exactly its deployedBytecode", async function () {
    const doc = JSON.parse(committed);
    const [signer] = await hre.ethers.getSigners();
    const factory = new hre.ethers.ContractFactory(doc.abi, doc.bytecode, signer);
    const contract = await factory.deploy();
    await contract.waitForDeployment();
    expect(await hre.ethers.provider.getCode(await contract.getAddress())).to.equal(doc.deployedBytecode);
  });
});

// The worst-case search of bench/gas.js against an exhaustive search over every pair of sizes.
"use strict";

const { expect } = require("chai");
const { worstShapes, bruteForceWorst } = require("../../bench/proof-shapes.js");

const shapes = (list) => list.map((s) => `${s.length}/${s.hashes}`);

describe("worst-case proof shape search (bench/proof-shapes.js)", function () {
  it("finds the same frontier as trying every pair, for 150 size bounds", function () {
    for (const maxSize1 of [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 200, 255, 256, 300]) {
      for (const maxSize2 of [maxSize1 + 1, maxSize1 + 2, 2 * maxSize1, 2 * maxSize1 + 1, 3 * maxSize1 + 5, 600]) {
        if (maxSize2 <= maxSize1) continue;
        expect(shapes(worstShapes(maxSize1, maxSize2)), `${maxSize1}, ${maxSize2}`).to.deep.equal(
          shapes(bruteForceWorst(maxSize1, maxSize2)),
        );
      }
    }
  });

  it("reports the design's worst-case shape for logs up to 1,000,000 entries", function () {
    expect(shapes(worstShapes(1000000, 2 ** 21))).to.deep.equal(["22/39"]);
  });
});

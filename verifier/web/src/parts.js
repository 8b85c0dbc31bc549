// The parts of the verifier written by other hands: the anchor (steps 5-8, anchoring.js) and the
// RFC 3161 time-stamps (step 9, clocks.js). A build without one sets its entries to null, and
// the page then says which steps it cannot check instead of pretending.
export { parseAnchor, verifyAnchor } from './anchoring.js';
export { checkTimestamps } from './clocks.js';

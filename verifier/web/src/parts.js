// The parts of the verifier written by other hands: the anchor (steps 5-8, webeth) and the
// RFC 3161 time-stamps (step 9, webtsa). Until a part is merged its entry is null, and the page
// says which steps it cannot check instead of pretending.
export { parseAnchor, verifyAnchor } from './anchoring.js';
export { checkTimestamps } from './clocks.js';

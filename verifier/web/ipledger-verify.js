// ipledger browser verifier: built by `make web-verifier` from verifier/web/src; do not edit.
(() => {
  // verifier/web/src/errors.js
  var VerifyError = class extends Error {
    constructor(type, message) {
      super(message);
      this.type = type;
    }
  };
  var BASES = {
    IndexOutOfRangeError: ["ProofInputError"],
    TreeSizeError: ["ProofInputError"],
    ProofLengthError: ["ProofInputError"],
    HashLengthError: ["ProofInputError"],
    KeyNotInTrie: ["TrieProofError"],
    BlockNotFinal: ["UntrustedBlock"],
    UnknownKeyError: ["SignatureError"],
    UnsupportedBlockProof: ["InvalidBlockProof"],
    TrustRootNotExtended: ["InvalidTrustRoot"],
    TimestampImprintMismatch: ["InvalidTimestampToken"],
    CoseInclusionError: ["InvalidCoseReceipt", "InclusionError"],
    CoseSignatureError: ["InvalidCoseReceipt", "SignatureError"]
  };
  function isA(type, kind) {
    return type === kind || (BASES[type] || []).includes(kind);
  }

  // verifier/web/src/jsontext.js
  function exceedsDepth(text, maxDepth) {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '"') {
        for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      } else if (c === "[" || c === "{") {
        if (++depth > maxDepth) return true;
      } else if (c === "]" || c === "}") {
        depth--;
      }
    }
    return false;
  }
  var WS = /* @__PURE__ */ new Set([" ", "	", "\n", "\r"]);
  var NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
  var ESCAPES = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "	" };
  function parseJson(text, hooks) {
    let i = 0;
    const fail = (why) => {
      throw new VerifyError(hooks.type, `${hooks.what} is not valid JSON (${why}: char ${i})`);
    };
    const skip = () => {
      while (i < text.length && WS.has(text[i])) i++;
    };
    const value = () => {
      skip();
      const c = text[i];
      if (c === "{") return object2();
      if (c === "[") return array();
      if (c === '"') return string();
      if (text.startsWith("null", i)) return i += 4, null;
      if (text.startsWith("true", i)) return i += 4, true;
      if (text.startsWith("false", i)) return i += 5, false;
      if (text.startsWith("NaN", i)) return hooks.constant("NaN");
      if (text.startsWith("Infinity", i)) return hooks.constant("Infinity");
      if (text.startsWith("-Infinity", i)) return hooks.constant("-Infinity");
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m === null) fail("Expecting value");
      i += m[0].length;
      if (m[1] === void 0 && m[2] === void 0) {
        if (m[0].replace("-", "").length > 4300) fail("Exceeds the limit for integer string conversion");
        return BigInt(m[0]);
      }
      return Number(m[0]);
    };
    const string = () => {
      i++;
      let out = "";
      for (; ; ) {
        if (i >= text.length) fail("Unterminated string starting at");
        const c = text[i++];
        if (c === '"') return out;
        if (c === "\\") {
          const e = text[i++];
          if (e === "u") {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("Invalid \\uXXXX escape");
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
          } else if (e in ESCAPES) {
            out += ESCAPES[e];
          } else {
            fail("Invalid \\escape");
          }
        } else if (c.charCodeAt(0) < 32) {
          fail("Invalid control character at");
        } else {
          out += c;
        }
      }
    };
    const object2 = () => {
      i++;
      const out = /* @__PURE__ */ Object.create(null);
      skip();
      if (text[i] === "}") return i++, out;
      for (; ; ) {
        skip();
        if (text[i] !== '"') fail("Expecting property name enclosed in double quotes");
        const key = string();
        skip();
        if (text[i++] !== ":") fail("Expecting ':' delimiter");
        const item = value();
        if (Object.prototype.hasOwnProperty.call(out, key)) hooks.duplicate(key);
        out[key] = item;
        skip();
        const c = text[i++];
        if (c === "}") return out;
        if (c !== ",") fail("Expecting ',' delimiter");
      }
    };
    const array = () => {
      i++;
      const out = [];
      skip();
      if (text[i] === "]") return i++, out;
      for (; ; ) {
        out.push(value());
        skip();
        const c = text[i++];
        if (c === "]") return out;
        if (c !== ",") fail("Expecting ',' delimiter");
      }
    };
    const result = value();
    skip();
    if (i !== text.length) fail("Extra data");
    return result;
  }
  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Uint8Array);
  }

  // verifier/web/src/bytes.js
  var HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  function toHex(bytes) {
    let out = "";
    for (const b of bytes) out += HEX[b];
    return out;
  }
  function fromHex(text) {
    const out = new Uint8Array(text.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  function b64encode(bytes) {
    let out = "";
    for (let i = 0; i < bytes.length; i += 3) {
      const n = bytes[i] << 16 | (bytes[i + 1] ?? 0) << 8 | (bytes[i + 2] ?? 0);
      out += B64[n >> 18 & 63] + B64[n >> 12 & 63];
      out += i + 1 < bytes.length ? B64[n >> 6 & 63] : "=";
      out += i + 2 < bytes.length ? B64[n & 63] : "=";
    }
    return out;
  }
  function b64decodeStrict(text) {
    if (typeof text !== "string" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
    const pad2 = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
    const out = new Uint8Array(text.length / 4 * 3 - pad2);
    let o = 0;
    for (let i = 0; i < text.length; i += 4) {
      let n = 0;
      for (let j = 0; j < 4; j++) {
        const c = text[i + j];
        n = n << 6 | (c === "=" ? 0 : B64.indexOf(c));
      }
      for (const shift of [16, 8, 0]) if (o < out.length) out[o++] = n >> shift & 255;
    }
    return b64encode(out) === text ? out : null;
  }
  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  function pyRepr(text) {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    let out = "";
    for (const ch of text) {
      const c = ch.codePointAt(0);
      if (ch === "\\") out += "\\\\";
      else if (ch === quote) out += "\\" + quote;
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (ch === "	") out += "\\t";
      else if (c < 32 || c === 127) out += "\\x" + c.toString(16).padStart(2, "0");
      else out += ch;
    }
    return quote + out + quote;
  }

  // node_modules/@noble/hashes/_u64.js
  var U32_MASK64 = /* @__PURE__ */ (() => BigInt(2 ** 32 - 1))();
  var _32n = /* @__PURE__ */ BigInt(32);
  function fromBig(n, le = false) {
    if (le)
      return { h: Number(n & U32_MASK64), l: Number(n >> _32n & U32_MASK64) };
    return { h: Number(n >> _32n & U32_MASK64) | 0, l: Number(n & U32_MASK64) | 0 };
  }
  function split(lst, le = false) {
    const len = lst.length;
    let Ah = new Uint32Array(len);
    let Al = new Uint32Array(len);
    for (let i = 0; i < len; i++) {
      const { h, l } = fromBig(lst[i], le);
      [Ah[i], Al[i]] = [h, l];
    }
    return [Ah, Al];
  }
  var fromNumH = (n) => n / 2 ** 32 | 0;
  var fromNumL = (n) => n >>> 0;
  function setU64FromNum(view, byteOffset, n, isLE2) {
    const h = fromNumH(n);
    const l = fromNumL(n);
    view.setUint32(byteOffset, isLE2 ? l : h, isLE2);
    view.setUint32(byteOffset + 4, isLE2 ? h : l, isLE2);
  }
  var shrSH = (h, _l, s) => h >>> s;
  var shrSL = (h, l, s) => h << 32 - s | l >>> s;
  var rotrSH = (h, l, s) => h >>> s | l << 32 - s;
  var rotrSL = (h, l, s) => h << 32 - s | l >>> s;
  var rotrBH = (h, l, s) => h << 64 - s | l >>> s - 32;
  var rotrBL = (h, l, s) => h >>> s - 32 | l << 64 - s;
  function add(Ah, Al, Bh, Bl) {
    const l = (Al >>> 0) + (Bl >>> 0);
    return { h: Ah + Bh + (l / 2 ** 32 | 0) | 0, l: l | 0 };
  }
  var add3L = (Al, Bl, Cl) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0);
  var add3H = (low, Ah, Bh, Ch) => Ah + Bh + Ch + (low / 2 ** 32 | 0) | 0;
  var add4L = (Al, Bl, Cl, Dl) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0) + (Dl >>> 0);
  var add4H = (low, Ah, Bh, Ch, Dh) => Ah + Bh + Ch + Dh + (low / 2 ** 32 | 0) | 0;
  var add5L = (Al, Bl, Cl, Dl, El) => (Al >>> 0) + (Bl >>> 0) + (Cl >>> 0) + (Dl >>> 0) + (El >>> 0);
  var add5H = (low, Ah, Bh, Ch, Dh, Eh) => Ah + Bh + Ch + Dh + Eh + (low / 2 ** 32 | 0) | 0;

  // node_modules/@noble/hashes/utils.js
  function isBytes(a) {
    return a instanceof Uint8Array || ArrayBuffer.isView(a) && a.constructor.name === "Uint8Array" && "BYTES_PER_ELEMENT" in a && a.BYTES_PER_ELEMENT === 1;
  }
  var atitle = (title) => title ? `"${title}" ` : "";
  function anumber(n, title = "") {
    if (typeof n !== "number")
      throw new TypeError(atitle(title) + "expected number, got " + typeof n);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(atitle(title) + "expected integer >= 0, got " + n);
    return n;
  }
  function abool(value, title = "") {
    if (typeof value !== "boolean")
      throw new TypeError(atitle(title) + "expected boolean, got type=" + typeof value);
    return value;
  }
  function abytes(value, length, title = "") {
    if (isBytes(value) && (length === void 0 || value.length === length))
      return value;
    if (length !== void 0)
      anumber(length, "length");
    const bytes = isBytes(value);
    const ofLen = length !== void 0 ? ` of length ${length}` : "";
    const got = bytes ? `length=${value.length}` : `type=${typeof value}`;
    const message = atitle(title) + "expected Uint8Array" + ofLen + ", got " + got;
    if (!bytes)
      throw new TypeError(message);
    throw new RangeError(message);
  }
  function ahash(h) {
    if (typeof h !== "function" || typeof h.create !== "function")
      throw new TypeError("expected hash wrapped by utils.createHasher");
    anumber(h.outputLen);
    anumber(h.blockLen);
    if (h.outputLen < 1 || h.blockLen < 1)
      throw new Error("hash blockLen / outputLen must be >= 1");
  }
  var aobject = (value, label) => {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new TypeError((label === "object" ? "" : `"${label}" `) + "expected object, got type=" + typeof value);
  };
  var aopts = (value, label) => {
    aobject(value, label);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      throw new TypeError(`"${label}" expected plain object`);
    if (Object.hasOwn(value, "__proto__"))
      throw new TypeError(`"${label}.__proto__" is not allowed`);
  };
  function aexists(instance, checkFinished = true) {
    if (instance.destroyed)
      throw new Error("hash was destroyed");
    if (checkFinished && instance.finished)
      throw new Error("digest() was already called");
  }
  function aoutput(out, instance) {
    abytes(out, void 0, "output");
    const min = instance.outputLen;
    if (!(out.length >= min)) {
      throw new RangeError('"output" expected length >= ' + min);
    }
  }
  function u32(arr) {
    return new Uint32Array(arr.buffer, arr.byteOffset, Math.floor(arr.byteLength / 4));
  }
  function clean(...arrays) {
    for (let i = 0; i < arrays.length; i++) {
      arrays[i].fill(0);
    }
  }
  function createView(arr) {
    return new DataView(arr.buffer, arr.byteOffset, arr.byteLength);
  }
  function rotr(word, shift) {
    return word << 32 - shift | word >>> shift;
  }
  function rotl(word, shift) {
    return word << shift | word >>> 32 - shift >>> 0;
  }
  var isLE = /* @__PURE__ */ (() => new Uint8Array(new Uint32Array([287454020]).buffer)[0] === 68)();
  function byteSwap(word) {
    return word << 24 & 4278190080 | word << 8 & 16711680 | word >>> 8 & 65280 | word >>> 24 & 255;
  }
  function byteSwap32(arr) {
    for (let i = 0; i < arr.length; i++) {
      arr[i] = byteSwap(arr[i]);
    }
    return arr;
  }
  var swap32IfBE = isLE ? (u) => u : byteSwap32;
  var hasHexBuiltin = /* @__PURE__ */ (() => (
    // @ts-ignore
    typeof Uint8Array.from([]).toHex === "function" && typeof Uint8Array.fromHex === "function"
  ))();
  var hexes = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
  function bytesToHex(bytes) {
    abytes(bytes);
    if (hasHexBuiltin)
      return bytes.toHex();
    let hex = "";
    for (let i = 0; i < bytes.length; i++) {
      hex += hexes[bytes[i]];
    }
    return hex;
  }
  function asciiToBase16(ch) {
    return ch >= 48 && ch <= 57 ? ch - 48 : ch >= 65 && ch <= 70 ? ch - (65 - 10) : ch >= 97 && ch <= 102 ? ch - (97 - 10) : void 0;
  }
  function hexToBytes(hex) {
    if (typeof hex !== "string")
      throw new TypeError("hex string expected, got " + typeof hex);
    if (hasHexBuiltin) {
      try {
        return Uint8Array.fromHex(hex);
      } catch (error) {
        if (error instanceof SyntaxError)
          throw new RangeError(error.message);
        throw error;
      }
    }
    const hl = hex.length;
    const al = hl / 2;
    if (hl % 2)
      throw new RangeError("hex string expected, got unpadded hex of length " + hl);
    const array = new Uint8Array(al);
    for (let ai = 0, hi = 0; ai < al; ai++, hi += 2) {
      const n1 = asciiToBase16(hex.charCodeAt(hi));
      const n2 = asciiToBase16(hex.charCodeAt(hi + 1));
      if (n1 === void 0 || n2 === void 0) {
        const char = hex[hi] + hex[hi + 1];
        throw new RangeError('hex string expected, got non-hex character "' + char + '" at index ' + hi);
      }
      array[ai] = n1 * 16 + n2;
    }
    return array;
  }
  function concatBytes(...arrays) {
    let sum = 0;
    for (let i = 0; i < arrays.length; i++) {
      const a = arrays[i];
      abytes(a);
      sum += a.length;
    }
    const res = new Uint8Array(sum);
    for (let i = 0, pad2 = 0; i < arrays.length; i++) {
      const a = arrays[i];
      res.set(a, pad2);
      pad2 += a.length;
    }
    return res;
  }
  function checkOpts(defaults, opts, title = "opts") {
    aopts(defaults, "defaults");
    if (opts !== void 0)
      aopts(opts, title);
    const merged = Object.assign(/* @__PURE__ */ Object.create(null), defaults, opts);
    return merged;
  }
  function createHasher(hashCons, info = {}) {
    if (typeof hashCons !== "function")
      throw new TypeError('"hashCons" expected function, got type=' + typeof hashCons);
    info = checkOpts({}, info, "info");
    const hashC = (msg, opts) => hashCons(opts).update(msg).digest();
    const tmp = hashCons(void 0);
    hashC.outputLen = tmp.outputLen;
    hashC.blockLen = tmp.blockLen;
    hashC.canXOF = tmp.canXOF;
    hashC.create = (opts) => hashCons(opts);
    Object.assign(hashC, info);
    return Object.freeze(hashC);
  }
  function randomBytes(bytesLength = 32) {
    anumber(bytesLength, "bytesLength");
    const cr = typeof globalThis === "object" ? globalThis.crypto : null;
    if (typeof cr?.getRandomValues !== "function")
      throw new Error("crypto.getRandomValues must be defined");
    if (bytesLength > 65536)
      throw new RangeError(`"bytesLength" expected <= 65536, got ${bytesLength}`);
    return cr.getRandomValues(new Uint8Array(bytesLength));
  }
  var oidNist = (suffix) => ({
    // Current NIST hashAlgs suffixes used here fit in one DER subidentifier octet.
    // Larger suffix values would need base-128 OID encoding and a different length byte.
    oid: Uint8Array.from([6, 9, 96, 134, 72, 1, 101, 3, 4, 2, suffix])
  });

  // node_modules/@noble/hashes/_md.js
  function Chi(a, b, c) {
    return a & b ^ ~a & c;
  }
  function Maj(a, b, c) {
    return a & b ^ a & c ^ b & c;
  }
  var HashMD = class {
    blockLen;
    outputLen;
    canXOF = false;
    padOffset;
    isLE;
    // For partial updates less than block size
    buffer;
    view;
    finished = false;
    length = 0;
    pos = 0;
    destroyed = false;
    constructor(blockLen, outputLen, padOffset, isLE2) {
      this.blockLen = blockLen;
      this.outputLen = outputLen;
      this.padOffset = padOffset;
      this.isLE = isLE2;
      this.buffer = new Uint8Array(blockLen);
      this.view = createView(this.buffer);
    }
    update(data) {
      aexists(this);
      abytes(data);
      const { view, buffer, blockLen } = this;
      const len = data.length;
      let processed = false;
      for (let pos = 0; pos < len; ) {
        const take = Math.min(blockLen - this.pos, len - pos);
        if (take === blockLen) {
          const dataView = createView(data);
          for (; blockLen <= len - pos; pos += blockLen)
            this.process(dataView, pos);
          processed = true;
          continue;
        }
        buffer.set(pos === 0 && take === len ? data : data.subarray(pos, pos + take), this.pos);
        this.pos += take;
        pos += take;
        if (this.pos === blockLen) {
          this.process(view, 0);
          this.pos = 0;
          processed = true;
        }
      }
      this.length += data.length;
      if (processed)
        this.roundClean();
      return this;
    }
    digestInto(out) {
      aexists(this);
      aoutput(out, this);
      this.finished = true;
      const { buffer, view, blockLen, isLE: isLE2 } = this;
      let { pos } = this;
      buffer[pos++] = 128;
      buffer.fill(0, pos);
      if (this.padOffset > blockLen - pos) {
        this.process(view, 0);
        buffer.fill(0);
      }
      setU64FromNum(view, blockLen - 8, this.length * 8, isLE2);
      this.process(view, 0);
      this.roundClean();
      const oview = out === buffer ? view : createView(out);
      const len = this.outputLen;
      const outLen = len / 4;
      const state = this.get();
      if (len % 4 || outLen > state.length)
        throw new Error("invalid outputLen");
      for (let i = 0; i < outLen; i++)
        oview.setUint32(4 * i, state[i], isLE2);
    }
    digest() {
      const { buffer, outputLen } = this;
      this.digestInto(buffer);
      const res = buffer.slice(0, outputLen);
      this.destroy();
      return res;
    }
    _cloneIntoMeta(to) {
      const { buffer, length, finished, destroyed, pos } = this;
      to.destroyed = destroyed;
      to.finished = finished;
      to.length = length;
      to.pos = pos;
      if (pos)
        to.buffer.set(buffer);
      return to;
    }
    clone() {
      return this._cloneInto();
    }
  };
  var SHA256_IV = /* @__PURE__ */ Uint32Array.from([
    1779033703,
    3144134277,
    1013904242,
    2773480762,
    1359893119,
    2600822924,
    528734635,
    1541459225
  ]);
  var SHA384_IV = /* @__PURE__ */ Uint32Array.from([
    3418070365,
    3238371032,
    1654270250,
    914150663,
    2438529370,
    812702999,
    355462360,
    4144912697,
    1731405415,
    4290775857,
    2394180231,
    1750603025,
    3675008525,
    1694076839,
    1203062813,
    3204075428
  ]);
  var SHA512_IV = /* @__PURE__ */ Uint32Array.from([
    1779033703,
    4089235720,
    3144134277,
    2227873595,
    1013904242,
    4271175723,
    2773480762,
    1595750129,
    1359893119,
    2917565137,
    2600822924,
    725511199,
    528734635,
    4215389547,
    1541459225,
    327033209
  ]);

  // node_modules/@noble/hashes/sha2.js
  var SHA256_K = /* @__PURE__ */ Uint32Array.from([
    1116352408,
    1899447441,
    3049323471,
    3921009573,
    961987163,
    1508970993,
    2453635748,
    2870763221,
    3624381080,
    310598401,
    607225278,
    1426881987,
    1925078388,
    2162078206,
    2614888103,
    3248222580,
    3835390401,
    4022224774,
    264347078,
    604807628,
    770255983,
    1249150122,
    1555081692,
    1996064986,
    2554220882,
    2821834349,
    2952996808,
    3210313671,
    3336571891,
    3584528711,
    113926993,
    338241895,
    666307205,
    773529912,
    1294757372,
    1396182291,
    1695183700,
    1986661051,
    2177026350,
    2456956037,
    2730485921,
    2820302411,
    3259730800,
    3345764771,
    3516065817,
    3600352804,
    4094571909,
    275423344,
    430227734,
    506948616,
    659060556,
    883997877,
    958139571,
    1322822218,
    1537002063,
    1747873779,
    1955562222,
    2024104815,
    2227730452,
    2361852424,
    2428436474,
    2756734187,
    3204031479,
    3329325298
  ]);
  var SHA256_W = /* @__PURE__ */ new Uint32Array(64);
  var SHA2_32B = class extends HashMD {
    // We cannot use array here since array allows indexing by variable
    // which means optimizer/compiler cannot use registers.
    // Numeric initializers matter: starting the fields as `undefined` changes
    // V8's field representation and makes sha256 3x slower (measured).
    A = 0;
    B = 0;
    C = 0;
    D = 0;
    E = 0;
    F = 0;
    G = 0;
    H = 0;
    constructor(outputLen, IV) {
      super(64, outputLen, 8, false);
      this.A = IV[0] | 0;
      this.B = IV[1] | 0;
      this.C = IV[2] | 0;
      this.D = IV[3] | 0;
      this.E = IV[4] | 0;
      this.F = IV[5] | 0;
      this.G = IV[6] | 0;
      this.H = IV[7] | 0;
    }
    get() {
      const { A, B: B2, C, D, E, F, G, H } = this;
      return [A, B2, C, D, E, F, G, H];
    }
    // prettier-ignore
    set(A, B2, C, D, E, F, G, H) {
      this.A = A | 0;
      this.B = B2 | 0;
      this.C = C | 0;
      this.D = D | 0;
      this.E = E | 0;
      this.F = F | 0;
      this.G = G | 0;
      this.H = H | 0;
    }
    _cloneInto(to) {
      (to ||= new this.constructor()).set(...this.get());
      return this._cloneIntoMeta(to);
    }
    process(view, offset) {
      for (let i = 0; i < 16; i++, offset += 4)
        SHA256_W[i] = view.getUint32(offset, false);
      for (let i = 16; i < 64; i++) {
        const W15 = SHA256_W[i - 15];
        const W2 = SHA256_W[i - 2];
        const s0 = rotr(W15, 7) ^ rotr(W15, 18) ^ W15 >>> 3;
        const s1 = rotr(W2, 17) ^ rotr(W2, 19) ^ W2 >>> 10;
        SHA256_W[i] = s1 + SHA256_W[i - 7] + s0 + SHA256_W[i - 16] | 0;
      }
      let { A, B: B2, C, D, E, F, G, H } = this;
      for (let i = 0; i < 64; i++) {
        const sigma1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
        const T1 = H + sigma1 + Chi(E, F, G) + SHA256_K[i] + SHA256_W[i] | 0;
        const sigma0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
        const T2 = sigma0 + Maj(A, B2, C) | 0;
        H = G;
        G = F;
        F = E;
        E = D + T1 | 0;
        D = C;
        C = B2;
        B2 = A;
        A = T1 + T2 | 0;
      }
      A = A + this.A | 0;
      B2 = B2 + this.B | 0;
      C = C + this.C | 0;
      D = D + this.D | 0;
      E = E + this.E | 0;
      F = F + this.F | 0;
      G = G + this.G | 0;
      H = H + this.H | 0;
      this.set(A, B2, C, D, E, F, G, H);
    }
    roundClean() {
      clean(SHA256_W);
    }
    destroy() {
      this.destroyed = true;
      this.set(0, 0, 0, 0, 0, 0, 0, 0);
      clean(this.buffer);
    }
  };
  var _SHA256 = class extends SHA2_32B {
    constructor() {
      super(32, SHA256_IV);
    }
  };
  var K512 = /* @__PURE__ */ (() => split([
    "0x428a2f98d728ae22",
    "0x7137449123ef65cd",
    "0xb5c0fbcfec4d3b2f",
    "0xe9b5dba58189dbbc",
    "0x3956c25bf348b538",
    "0x59f111f1b605d019",
    "0x923f82a4af194f9b",
    "0xab1c5ed5da6d8118",
    "0xd807aa98a3030242",
    "0x12835b0145706fbe",
    "0x243185be4ee4b28c",
    "0x550c7dc3d5ffb4e2",
    "0x72be5d74f27b896f",
    "0x80deb1fe3b1696b1",
    "0x9bdc06a725c71235",
    "0xc19bf174cf692694",
    "0xe49b69c19ef14ad2",
    "0xefbe4786384f25e3",
    "0x0fc19dc68b8cd5b5",
    "0x240ca1cc77ac9c65",
    "0x2de92c6f592b0275",
    "0x4a7484aa6ea6e483",
    "0x5cb0a9dcbd41fbd4",
    "0x76f988da831153b5",
    "0x983e5152ee66dfab",
    "0xa831c66d2db43210",
    "0xb00327c898fb213f",
    "0xbf597fc7beef0ee4",
    "0xc6e00bf33da88fc2",
    "0xd5a79147930aa725",
    "0x06ca6351e003826f",
    "0x142929670a0e6e70",
    "0x27b70a8546d22ffc",
    "0x2e1b21385c26c926",
    "0x4d2c6dfc5ac42aed",
    "0x53380d139d95b3df",
    "0x650a73548baf63de",
    "0x766a0abb3c77b2a8",
    "0x81c2c92e47edaee6",
    "0x92722c851482353b",
    "0xa2bfe8a14cf10364",
    "0xa81a664bbc423001",
    "0xc24b8b70d0f89791",
    "0xc76c51a30654be30",
    "0xd192e819d6ef5218",
    "0xd69906245565a910",
    "0xf40e35855771202a",
    "0x106aa07032bbd1b8",
    "0x19a4c116b8d2d0c8",
    "0x1e376c085141ab53",
    "0x2748774cdf8eeb99",
    "0x34b0bcb5e19b48a8",
    "0x391c0cb3c5c95a63",
    "0x4ed8aa4ae3418acb",
    "0x5b9cca4f7763e373",
    "0x682e6ff3d6b2b8a3",
    "0x748f82ee5defb2fc",
    "0x78a5636f43172f60",
    "0x84c87814a1f0ab72",
    "0x8cc702081a6439ec",
    "0x90befffa23631e28",
    "0xa4506cebde82bde9",
    "0xbef9a3f7b2c67915",
    "0xc67178f2e372532b",
    "0xca273eceea26619c",
    "0xd186b8c721c0c207",
    "0xeada7dd6cde0eb1e",
    "0xf57d4f7fee6ed178",
    "0x06f067aa72176fba",
    "0x0a637dc5a2c898a6",
    "0x113f9804bef90dae",
    "0x1b710b35131c471b",
    "0x28db77f523047d84",
    "0x32caab7b40c72493",
    "0x3c9ebe0a15c9bebc",
    "0x431d67c49c100d4c",
    "0x4cc5d4becb3e42b6",
    "0x597f299cfc657e2a",
    "0x5fcb6fab3ad6faec",
    "0x6c44198c4a475817"
  ].map((n) => BigInt(n))))();
  var SHA512_Kh = /* @__PURE__ */ (() => K512[0])();
  var SHA512_Kl = /* @__PURE__ */ (() => K512[1])();
  var SHA512_W_H = /* @__PURE__ */ new Uint32Array(80);
  var SHA512_W_L = /* @__PURE__ */ new Uint32Array(80);
  var SHA2_64B = class extends HashMD {
    // We cannot use array here since array allows indexing by variable
    // which means optimizer/compiler cannot use registers.
    // h -- high 32 bits, l -- low 32 bits
    // Numeric initializers matter: starting the fields as `undefined` changes
    // V8's field representation and slows hashing down (measured on sha256).
    Ah = 0;
    Al = 0;
    Bh = 0;
    Bl = 0;
    Ch = 0;
    Cl = 0;
    Dh = 0;
    Dl = 0;
    Eh = 0;
    El = 0;
    Fh = 0;
    Fl = 0;
    Gh = 0;
    Gl = 0;
    Hh = 0;
    Hl = 0;
    constructor(outputLen, IV) {
      super(128, outputLen, 16, false);
      this.Ah = IV[0] | 0;
      this.Al = IV[1] | 0;
      this.Bh = IV[2] | 0;
      this.Bl = IV[3] | 0;
      this.Ch = IV[4] | 0;
      this.Cl = IV[5] | 0;
      this.Dh = IV[6] | 0;
      this.Dl = IV[7] | 0;
      this.Eh = IV[8] | 0;
      this.El = IV[9] | 0;
      this.Fh = IV[10] | 0;
      this.Fl = IV[11] | 0;
      this.Gh = IV[12] | 0;
      this.Gl = IV[13] | 0;
      this.Hh = IV[14] | 0;
      this.Hl = IV[15] | 0;
    }
    // prettier-ignore
    get() {
      const { Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl } = this;
      return [Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl];
    }
    // prettier-ignore
    set(Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl) {
      this.Ah = Ah | 0;
      this.Al = Al | 0;
      this.Bh = Bh | 0;
      this.Bl = Bl | 0;
      this.Ch = Ch | 0;
      this.Cl = Cl | 0;
      this.Dh = Dh | 0;
      this.Dl = Dl | 0;
      this.Eh = Eh | 0;
      this.El = El | 0;
      this.Fh = Fh | 0;
      this.Fl = Fl | 0;
      this.Gh = Gh | 0;
      this.Gl = Gl | 0;
      this.Hh = Hh | 0;
      this.Hl = Hl | 0;
    }
    _cloneInto(to) {
      (to ||= new this.constructor()).set(...this.get());
      return this._cloneIntoMeta(to);
    }
    process(view, offset) {
      for (let i = 0; i < 16; i++, offset += 4) {
        SHA512_W_H[i] = view.getUint32(offset);
        SHA512_W_L[i] = view.getUint32(offset += 4);
      }
      for (let i = 16; i < 80; i++) {
        const W15h = SHA512_W_H[i - 15] | 0;
        const W15l = SHA512_W_L[i - 15] | 0;
        const s0h = rotrSH(W15h, W15l, 1) ^ rotrSH(W15h, W15l, 8) ^ shrSH(W15h, W15l, 7);
        const s0l = rotrSL(W15h, W15l, 1) ^ rotrSL(W15h, W15l, 8) ^ shrSL(W15h, W15l, 7);
        const W2h = SHA512_W_H[i - 2] | 0;
        const W2l = SHA512_W_L[i - 2] | 0;
        const s1h = rotrSH(W2h, W2l, 19) ^ rotrBH(W2h, W2l, 61) ^ shrSH(W2h, W2l, 6);
        const s1l = rotrSL(W2h, W2l, 19) ^ rotrBL(W2h, W2l, 61) ^ shrSL(W2h, W2l, 6);
        const SUMl = add4L(s0l, s1l, SHA512_W_L[i - 7], SHA512_W_L[i - 16]);
        const SUMh = add4H(SUMl, s0h, s1h, SHA512_W_H[i - 7], SHA512_W_H[i - 16]);
        SHA512_W_H[i] = SUMh | 0;
        SHA512_W_L[i] = SUMl | 0;
      }
      let { Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl } = this;
      for (let i = 0; i < 80; i++) {
        const sigma1h = rotrSH(Eh, El, 14) ^ rotrSH(Eh, El, 18) ^ rotrBH(Eh, El, 41);
        const sigma1l = rotrSL(Eh, El, 14) ^ rotrSL(Eh, El, 18) ^ rotrBL(Eh, El, 41);
        const CHIh = Eh & Fh ^ ~Eh & Gh;
        const CHIl = El & Fl ^ ~El & Gl;
        const T1ll = add5L(Hl, sigma1l, CHIl, SHA512_Kl[i], SHA512_W_L[i]);
        const T1h = add5H(T1ll, Hh, sigma1h, CHIh, SHA512_Kh[i], SHA512_W_H[i]);
        const T1l = T1ll | 0;
        const sigma0h = rotrSH(Ah, Al, 28) ^ rotrBH(Ah, Al, 34) ^ rotrBH(Ah, Al, 39);
        const sigma0l = rotrSL(Ah, Al, 28) ^ rotrBL(Ah, Al, 34) ^ rotrBL(Ah, Al, 39);
        const MAJh = Ah & Bh ^ Ah & Ch ^ Bh & Ch;
        const MAJl = Al & Bl ^ Al & Cl ^ Bl & Cl;
        Hh = Gh | 0;
        Hl = Gl | 0;
        Gh = Fh | 0;
        Gl = Fl | 0;
        Fh = Eh | 0;
        Fl = El | 0;
        ({ h: Eh, l: El } = add(Dh | 0, Dl | 0, T1h | 0, T1l | 0));
        Dh = Ch | 0;
        Dl = Cl | 0;
        Ch = Bh | 0;
        Cl = Bl | 0;
        Bh = Ah | 0;
        Bl = Al | 0;
        const All = add3L(T1l, sigma0l, MAJl);
        Ah = add3H(All, T1h, sigma0h, MAJh);
        Al = All | 0;
      }
      ({ h: Ah, l: Al } = add(this.Ah | 0, this.Al | 0, Ah | 0, Al | 0));
      ({ h: Bh, l: Bl } = add(this.Bh | 0, this.Bl | 0, Bh | 0, Bl | 0));
      ({ h: Ch, l: Cl } = add(this.Ch | 0, this.Cl | 0, Ch | 0, Cl | 0));
      ({ h: Dh, l: Dl } = add(this.Dh | 0, this.Dl | 0, Dh | 0, Dl | 0));
      ({ h: Eh, l: El } = add(this.Eh | 0, this.El | 0, Eh | 0, El | 0));
      ({ h: Fh, l: Fl } = add(this.Fh | 0, this.Fl | 0, Fh | 0, Fl | 0));
      ({ h: Gh, l: Gl } = add(this.Gh | 0, this.Gl | 0, Gh | 0, Gl | 0));
      ({ h: Hh, l: Hl } = add(this.Hh | 0, this.Hl | 0, Hh | 0, Hl | 0));
      this.set(Ah, Al, Bh, Bl, Ch, Cl, Dh, Dl, Eh, El, Fh, Fl, Gh, Gl, Hh, Hl);
    }
    roundClean() {
      clean(SHA512_W_H, SHA512_W_L);
    }
    destroy() {
      this.destroyed = true;
      clean(this.buffer);
      this.set(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
  };
  var _SHA512 = class extends SHA2_64B {
    constructor() {
      super(64, SHA512_IV);
    }
  };
  var _SHA384 = class extends SHA2_64B {
    constructor() {
      super(48, SHA384_IV);
    }
  };
  var sha256 = /* @__PURE__ */ createHasher(
    () => new _SHA256(),
    /* @__PURE__ */ oidNist(1)
  );
  var sha512 = /* @__PURE__ */ createHasher(
    () => new _SHA512(),
    /* @__PURE__ */ oidNist(3)
  );
  var sha384 = /* @__PURE__ */ createHasher(
    () => new _SHA384(),
    /* @__PURE__ */ oidNist(2)
  );

  // node_modules/@noble/curves/utils.js
  function aarray(item, title, inner = () => {
  }) {
    if (!Array.isArray(item))
      throw new TypeError(`"${title}" expected array, got type=${typeof item}`);
    for (let i = 0; i < item.length; i++)
      inner(item[i], `${title}[${i}]`);
    return item;
  }
  var abytes2 = (value, length, title) => abytes(value, length, title);
  var anumber2 = anumber;
  function astring(value, title = "") {
    if (typeof value !== "string") {
      const prefix = title && `"${title}" `;
      throw new TypeError(prefix + "expected string, got type=" + typeof value);
    }
    return value;
  }
  function aobject2(value, title = "object") {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new TypeError(title === "object" ? "expected valid options object" : `"${title}" expected object, got type=${typeof value}`);
    return value;
  }
  function afunction(value, title) {
    if (typeof value !== "function")
      throw new TypeError(`"${title}" is invalid: expected function, got ${typeof value}`);
    return value;
  }
  var bytesToHex2 = bytesToHex;
  var concatBytes2 = (...arrays) => concatBytes(...arrays);
  var hexToBytes2 = (hex) => hexToBytes(hex);
  var isBytes2 = isBytes;
  var randomBytes2 = (bytesLength) => randomBytes(bytesLength);
  var _0n = /* @__PURE__ */ BigInt(0);
  var _1n = /* @__PURE__ */ BigInt(1);
  var atitle2 = (title) => title ? `"${title}" ` : "";
  function abool2(value, title = "") {
    if (typeof value !== "boolean")
      throw new TypeError(atitle2(title) + "expected boolean, got type=" + typeof value);
    return value;
  }
  function abignumber(n) {
    if (typeof n === "bigint") {
      if (!isPosBig(n))
        throw new RangeError("positive bigint expected, got " + n);
    } else
      anumber2(n);
    return n;
  }
  function asafenumber(value, title = "") {
    if (typeof value !== "number") {
      const prefix = title && `"${title}" `;
      throw new TypeError(prefix + "expected number, got type=" + typeof value);
    }
    if (!Number.isSafeInteger(value)) {
      const prefix = title && `"${title}" `;
      throw new RangeError(prefix + "expected safe integer, got " + value);
    }
  }
  function numberToHexUnpadded(num) {
    const hex = abignumber(num).toString(16);
    return hex.length & 1 ? "0" + hex : hex;
  }
  function hexToNumber(hex) {
    if (typeof hex !== "string")
      throw new TypeError("hex string expected, got " + typeof hex);
    return hex === "" ? _0n : BigInt("0x" + hex);
  }
  function bytesToNumberBE(bytes) {
    return hexToNumber(bytesToHex(bytes));
  }
  function bytesToNumberLE(bytes) {
    return hexToNumber(bytesToHex(copyBytes(abytes(bytes)).reverse()));
  }
  function numberToBytesBE(n, len) {
    anumber(len);
    if (len === 0)
      throw new Error("zero output length is invalid");
    n = abignumber(n);
    const expectedLen = len * 2;
    const hex = n.toString(16);
    if (hex.length > expectedLen)
      throw new RangeError("number is too large");
    return hexToBytes(hex.padStart(expectedLen, "0"));
  }
  function numberToBytesLE(n, len) {
    return numberToBytesBE(n, len).reverse();
  }
  function copyBytes(bytes) {
    return Uint8Array.from(abytes2(bytes));
  }
  function isPosBig(n) {
    return typeof n === "bigint" && _0n <= n;
  }
  function inRange(n, min, max) {
    return isPosBig(n) && isPosBig(min) && isPosBig(max) && min <= n && n < max;
  }
  function aInRange(title, n, min, max) {
    if (!inRange(n, min, max))
      throw new RangeError("expected valid " + title + ": " + min + " <= n < " + max + ", got " + n);
  }
  function bitLen(n) {
    if (n < _0n)
      throw new Error("expected non-negative bigint, got " + n);
    return n === _0n ? 0 : n.toString(2).length;
  }
  var bitMask = (n) => {
    asafenumber(n, "n");
    return (_1n << BigInt(n)) - _1n;
  };
  function createHmacDrbg(hashLen, qByteLen, hmacFn) {
    anumber(hashLen, "hashLen");
    anumber(qByteLen, "qByteLen");
    if (typeof hmacFn !== "function")
      throw new TypeError("hmacFn must be a function");
    const u8n = (len) => new Uint8Array(len);
    const NULL2 = Uint8Array.of();
    const byte0 = Uint8Array.of(0);
    const byte1 = Uint8Array.of(1);
    const _maxDrbgIters = 1e3;
    let v = u8n(hashLen);
    let k = u8n(hashLen);
    let i = 0;
    const reset = () => {
      v.fill(1);
      k.fill(0);
      i = 0;
    };
    const h = (...msgs) => hmacFn(k, concatBytes2(v, ...msgs));
    const reseed = (seed = NULL2) => {
      k = h(byte0, seed);
      v = h();
      if (seed.length === 0)
        return;
      k = h(byte1, seed);
      v = h();
    };
    const gen = () => {
      if (i++ >= _maxDrbgIters)
        throw new Error("drbg: tried max amount of iterations");
      let len = 0;
      const out = [];
      while (len < qByteLen) {
        v = h();
        const sl = v.slice();
        out.push(sl);
        len += v.length;
      }
      return concatBytes2(...out);
    };
    const genUntil = (seed, pred) => {
      reset();
      reseed(seed);
      let res = void 0;
      while ((res = pred(gen())) === void 0)
        reseed();
      reset();
      return res;
    };
    return genUntil;
  }
  function validateObject(object2, fields = {}, optFields = {}, title = "object") {
    aobject2(object2, title);
    aobject2(fields, "fields");
    aobject2(optFields, "optFields");
    function checkField(fieldName, expectedType, isOpt) {
      const label = title === "object" ? `param "${String(fieldName)}"` : `"${title}.${String(fieldName)}"`;
      const val = object2[fieldName];
      if (!Object.hasOwn(object2, fieldName) && (isOpt ? val !== void 0 : expectedType !== "function")) {
        throw new TypeError(`${label} is invalid: expected own property`);
      }
      if (isOpt && val === void 0)
        return;
      const current = typeof val;
      if (current !== expectedType || val === null)
        throw new TypeError(`${label} is invalid: expected ${expectedType}, got ${current}`);
    }
    const iter = (f, isOpt) => Object.entries(f).forEach(([k, v]) => checkField(k, v, isOpt));
    iter(fields, false);
    iter(optFields, true);
  }

  // node_modules/@noble/curves/abstract/modular.js
  var _0n2 = /* @__PURE__ */ BigInt(0);
  var _1n2 = /* @__PURE__ */ BigInt(1);
  var _2n = /* @__PURE__ */ BigInt(2);
  var _3n = /* @__PURE__ */ BigInt(3);
  var _4n = /* @__PURE__ */ BigInt(4);
  var _5n = /* @__PURE__ */ BigInt(5);
  var _7n = /* @__PURE__ */ BigInt(7);
  var _8n = /* @__PURE__ */ BigInt(8);
  var _9n = /* @__PURE__ */ BigInt(9);
  var _15n = /* @__PURE__ */ BigInt(15);
  var _16n = /* @__PURE__ */ BigInt(16);
  var POW_WINDOWED_MIN = /* @__PURE__ */ BigInt("0x10000000000000000");
  function mod(a, b) {
    if (b <= _0n2)
      throw new Error("mod: expected positive modulus, got " + b);
    const result = a % b;
    return result >= _0n2 ? result : b + result;
  }
  function pow(num, power, modulo) {
    if (modulo <= _1n2)
      throw new Error("pow: expected modulus > 1, got " + modulo);
    if (typeof power !== "bigint")
      throw new TypeError("invalid exponent: expected bigint, got " + typeof power);
    if (power < _0n2)
      throw new Error("invalid exponent, negatives unsupported");
    if (power === _0n2)
      return _1n2;
    if (power === _1n2)
      return num;
    let d = num % modulo;
    if (d < _0n2)
      d += modulo;
    if (power < POW_WINDOWED_MIN) {
      let p2 = _1n2;
      while (power > _0n2) {
        if (power & _1n2)
          p2 = p2 * d % modulo;
        d = d * d % modulo;
        power >>= _1n2;
      }
      return p2;
    }
    const digits = [];
    while (power > _0n2) {
      digits.push(Number(power & _15n));
      power >>= _4n;
    }
    const table = new Array(16);
    table[0] = _1n2;
    table[1] = d;
    for (let i = 2; i < 16; i++)
      table[i] = table[i - 1] * d % modulo;
    let p = table[digits[digits.length - 1]];
    for (let w = digits.length - 2; w >= 0; w--) {
      p = p * p % modulo;
      p = p * p % modulo;
      p = p * p % modulo;
      p = p * p % modulo;
      const digit = digits[w];
      if (digit !== 0)
        p = p * table[digit] % modulo;
    }
    return p;
  }
  function pow2(x, power, modulo) {
    if (modulo <= _1n2)
      throw new Error("pow2: expected modulus > 1, got " + modulo);
    if (power < _0n2)
      throw new Error("pow2: expected non-negative exponent, got " + power);
    let res = x;
    while (power-- > _0n2) {
      res *= res;
      res %= modulo;
    }
    return res;
  }
  function invert(number, modulo) {
    if (number === _0n2)
      throw new Error("invert: expected non-zero number");
    if (modulo <= _1n2)
      throw new Error("invert: expected modulus > 1, got " + modulo);
    let a = mod(number, modulo);
    let b = modulo;
    let x = _0n2, u = _1n2;
    while (a !== _0n2) {
      const q = b / a;
      const r = b - a * q;
      const m = x - u * q;
      b = a, a = r, x = u, u = m;
    }
    const gcd2 = b;
    if (gcd2 !== _1n2)
      throw new Error("invert: does not exist");
    return mod(x, modulo);
  }
  function invertCt(a, prime) {
    if (prime <= _1n2)
      throw new Error("invertCt: expected prime modulus > 1, got " + prime);
    const an = mod(a, prime);
    if (an === _0n2)
      throw new Error("invertCt: expected non-zero number");
    const inverse = pow(an, prime - _2n, prime);
    if (mod(an * inverse, prime) !== _1n2)
      throw new Error("invertCt: does not exist");
    return inverse;
  }
  function assertIsSquare(Fp2, root, n) {
    const F = Fp2;
    if (!F.eql(F.sqr(root), n))
      throw new Error("Cannot find square root");
  }
  function aoddModulus(order, fnName) {
    if ((order & _1n2) === _0n2)
      throw new Error(fnName + ": expected odd modulus, got " + order);
  }
  function sqrt3mod4(Fp2, n) {
    const F = Fp2;
    const p1div4 = (F.ORDER + _1n2) / _4n;
    const root = F.pow(n, p1div4);
    assertIsSquare(F, root, n);
    return root;
  }
  function sqrt5mod8(Fp2, n) {
    const F = Fp2;
    const p5div8 = (F.ORDER - _5n) / _8n;
    const n2 = F.mul(n, _2n);
    const v = F.pow(n2, p5div8);
    const nv = F.mul(n, v);
    const i = F.mul(F.mul(nv, _2n), v);
    const root = F.mul(nv, F.sub(i, F.ONE));
    assertIsSquare(F, root, n);
    return root;
  }
  function sqrt9mod16(P2) {
    const Fp_ = Field(P2);
    const tn = tonelliShanks(P2);
    const c1 = tn(Fp_, Fp_.neg(Fp_.ONE));
    const c2 = tn(Fp_, c1);
    const c3 = tn(Fp_, Fp_.neg(c1));
    const c4 = (P2 + _7n) / _16n;
    return ((Fp2, n) => {
      const F = Fp2;
      let tv1 = F.pow(n, c4);
      let tv2 = F.mul(tv1, c1);
      const tv3 = F.mul(tv1, c2);
      const tv4 = F.mul(tv1, c3);
      const e1 = F.eql(F.sqr(tv2), n);
      const e2 = F.eql(F.sqr(tv3), n);
      tv1 = F.cmov(tv1, tv2, e1);
      tv2 = F.cmov(tv4, tv3, e2);
      const e3 = F.eql(F.sqr(tv2), n);
      const root = F.cmov(tv1, tv2, e3);
      assertIsSquare(F, root, n);
      return root;
    });
  }
  function tonelliShanks(P2) {
    if (P2 < _3n)
      throw new Error("sqrt is not defined for small field");
    aoddModulus(P2, "tonelliShanks");
    let Q = P2 - _1n2;
    let S = 0;
    while (Q % _2n === _0n2) {
      Q /= _2n;
      S++;
    }
    let Z = _2n;
    const _Fp = Field(P2);
    while (FpLegendre(_Fp, Z) === 1) {
      if (Z++ > 1e3)
        throw new Error("Cannot find square root: probably non-prime P");
    }
    if (S === 1)
      return sqrt3mod4;
    let cc = _Fp.pow(Z, Q);
    const Q1div2 = (Q + _1n2) / _2n;
    return function tonelliSlow(Fp2, n) {
      const F = Fp2;
      if (F.is0(n))
        return n;
      if (FpLegendre(F, n) !== 1)
        throw new Error("Cannot find square root");
      let M = S;
      let c = F.mul(F.ONE, cc);
      let t = F.pow(n, Q);
      let R = F.pow(n, Q1div2);
      while (!F.eql(t, F.ONE)) {
        if (F.is0(t))
          throw new Error("Cannot find square root: probably non-prime P");
        let i = 1;
        let t_tmp = F.sqr(t);
        while (!F.eql(t_tmp, F.ONE)) {
          i++;
          t_tmp = F.sqr(t_tmp);
          if (i === M)
            throw new Error("Cannot find square root");
        }
        const exponent = _1n2 << BigInt(M - i - 1);
        const b = F.pow(c, exponent);
        M = i;
        c = F.sqr(b);
        t = F.mul(t, c);
        R = F.mul(R, b);
      }
      return R;
    };
  }
  function FpSqrt(P2) {
    aoddModulus(P2, "Fp.sqrt");
    if (P2 % _4n === _3n)
      return sqrt3mod4;
    if (P2 % _8n === _5n)
      return sqrt5mod8;
    if (P2 % _16n === _9n)
      return sqrt9mod16(P2);
    return tonelliShanks(P2);
  }
  var isNegativeLE = (num, modulo) => (mod(num, modulo) & _1n2) === _1n2;
  var FIELD_FIELDS = [
    "create",
    "isValid",
    "is0",
    "neg",
    "inv",
    "sqrt",
    "sqr",
    "eql",
    "add",
    "sub",
    "mul",
    "pow",
    "div",
    "addN",
    "subN",
    "mulN",
    "sqrN"
  ];
  function validateField(field) {
    aobject2(field, "field");
    if (typeof field.ORDER !== "bigint")
      throw new TypeError('param "ORDER" is invalid: expected bigint, got ' + typeof field.ORDER);
    asafenumber(field.BYTES, "BYTES");
    asafenumber(field.BITS, "BITS");
    for (const name of FIELD_FIELDS)
      afunction(field[name], "field." + name);
    if (field.BYTES < 1 || field.BITS < 1)
      throw new Error("invalid field: expected BYTES/BITS > 0");
    if (field.ORDER <= _1n2)
      throw new Error("invalid field: expected ORDER > 1, got " + field.ORDER);
    return field;
  }
  function FpInvertBatch(Fp2, nums, passZero = false) {
    validateField(Fp2);
    aarray(nums, "nums");
    abool2(passZero, "passZero");
    const F = Fp2;
    const inverted = new Array(nums.length).fill(passZero ? F.ZERO : void 0);
    const multipliedAcc = nums.reduce((acc, num, i) => {
      if (F.is0(num))
        return acc;
      inverted[i] = acc;
      return F.mul(acc, num);
    }, F.ONE);
    const invertedAcc = F.inv(multipliedAcc);
    nums.reduceRight((acc, num, i) => {
      if (F.is0(num))
        return acc;
      inverted[i] = F.mul(acc, inverted[i]);
      return F.mul(acc, num);
    }, invertedAcc);
    return inverted;
  }
  function FpLegendre(Fp2, n) {
    validateField(Fp2);
    const F = Fp2;
    aoddModulus(F.ORDER, "FpLegendre");
    const p1mod2 = (F.ORDER - _1n2) / _2n;
    const powered = F.pow(n, p1mod2);
    const yes = F.eql(powered, F.ONE);
    const zero = F.eql(powered, F.ZERO);
    const no = F.eql(powered, F.neg(F.ONE));
    if (!yes && !zero && !no)
      throw new Error("invalid Legendre symbol result");
    return yes ? 1 : zero ? 0 : -1;
  }
  function nLength(n, nBitLength) {
    if (nBitLength !== void 0)
      anumber2(nBitLength);
    if (n <= _0n2)
      throw new Error("invalid n length: expected positive n, got " + n);
    if (nBitLength !== void 0 && nBitLength < 1)
      throw new Error("invalid n length: expected positive bit length, got " + nBitLength);
    const bits = bitLen(n);
    if (nBitLength !== void 0 && nBitLength < bits)
      throw new Error(`invalid n length: expected nBitLength (${nBitLength}) >= bitLen(n) (${bits})`);
    const _nBitLength = nBitLength !== void 0 ? nBitLength : bits;
    const nByteLength = Math.ceil(_nBitLength / 8);
    return { nBitLength: _nBitLength, nByteLength };
  }
  var FIELD_SQRT = /* @__PURE__ */ new WeakMap();
  var _Field = class {
    ORDER;
    BITS;
    BYTES;
    isLE;
    ZERO = _0n2;
    ONE = _1n2;
    _lengths;
    _mod;
    constructor(ORDER, opts = {}) {
      if (ORDER <= _1n2)
        throw new Error("invalid field: expected ORDER > 1, got " + ORDER);
      let _nbitLength = void 0;
      this.isLE = false;
      if (opts != null && typeof opts === "object") {
        if (typeof opts.BITS === "number")
          _nbitLength = opts.BITS;
        if (typeof opts.sqrt === "function")
          Object.defineProperty(this, "sqrt", { value: opts.sqrt, enumerable: true });
        if (typeof opts.isLE === "boolean")
          this.isLE = opts.isLE;
        if (opts.allowedLengths)
          this._lengths = Object.freeze(opts.allowedLengths.slice());
        if (typeof opts.modFromBytes === "boolean")
          this._mod = opts.modFromBytes;
      }
      const { nBitLength, nByteLength } = nLength(ORDER, _nbitLength);
      if (nByteLength > 2048)
        throw new Error("invalid field: expected ORDER of <= 2048 bytes");
      this.ORDER = ORDER;
      this.BITS = nBitLength;
      this.BYTES = nByteLength;
      Object.freeze(this);
    }
    create(num) {
      return mod(num, this.ORDER);
    }
    isValid(num) {
      if (typeof num !== "bigint")
        throw new TypeError("invalid field element: expected bigint, got " + typeof num);
      return _0n2 <= num && num < this.ORDER;
    }
    is0(num) {
      return num === _0n2;
    }
    // is valid and invertible
    isValidNot0(num) {
      return !this.is0(num) && this.isValid(num);
    }
    isOdd(num) {
      return (num & _1n2) === _1n2;
    }
    neg(num) {
      return mod(-num, this.ORDER);
    }
    eql(lhs, rhs) {
      return lhs === rhs;
    }
    sqr(num) {
      return mod(num * num, this.ORDER);
    }
    add(lhs, rhs) {
      return mod(lhs + rhs, this.ORDER);
    }
    sub(lhs, rhs) {
      return mod(lhs - rhs, this.ORDER);
    }
    mul(lhs, rhs) {
      return mod(lhs * rhs, this.ORDER);
    }
    pow(num, power) {
      return pow(num, power, this.ORDER);
    }
    div(lhs, rhs) {
      return mod(lhs * invert(rhs, this.ORDER), this.ORDER);
    }
    // Same as above, but doesn't normalize
    sqrN(num) {
      return num * num;
    }
    addN(lhs, rhs) {
      return lhs + rhs;
    }
    subN(lhs, rhs) {
      return lhs - rhs;
    }
    mulN(lhs, rhs) {
      return lhs * rhs;
    }
    inv(num) {
      return invert(num, this.ORDER);
    }
    sqrt(num) {
      let sqrt = FIELD_SQRT.get(this);
      if (!sqrt)
        FIELD_SQRT.set(this, sqrt = FpSqrt(this.ORDER));
      return sqrt(this, num);
    }
    toBytes(num) {
      return this.isLE ? numberToBytesLE(num, this.BYTES) : numberToBytesBE(num, this.BYTES);
    }
    fromBytes(bytes, skipValidation = false) {
      abytes2(bytes);
      const { _lengths: allowedLengths, BYTES, isLE: isLE2, ORDER, _mod: modFromBytes } = this;
      if (allowedLengths) {
        if (bytes.length < 1 || !allowedLengths.includes(bytes.length) || bytes.length > BYTES) {
          throw new Error("Field.fromBytes: expected " + allowedLengths + " bytes, got " + bytes.length);
        }
        const padded = new Uint8Array(BYTES);
        padded.set(bytes, isLE2 ? 0 : padded.length - bytes.length);
        bytes = padded;
      }
      if (bytes.length !== BYTES)
        throw new Error("Field.fromBytes: expected " + BYTES + " bytes, got " + bytes.length);
      let scalar = isLE2 ? bytesToNumberLE(bytes) : bytesToNumberBE(bytes);
      if (modFromBytes)
        scalar = mod(scalar, ORDER);
      if (!skipValidation) {
        if (!this.isValid(scalar))
          throw new Error("invalid field element: outside of range 0..ORDER");
      }
      return scalar;
    }
    // TODO: we don't need it here, move out to separate fn
    invertBatch(lst) {
      return FpInvertBatch(this, lst, true);
    }
    // We can't move this out because Fp6, Fp12 implement it
    // and it's unclear what to return in there.
    cmov(a, b, condition) {
      abool2(condition, "condition");
      return condition ? b : a;
    }
  };
  function Field(ORDER, opts = {}) {
    Object.freeze(_Field.prototype);
    return new _Field(ORDER, opts);
  }
  function getFieldBytesLength(fieldOrder) {
    if (typeof fieldOrder !== "bigint")
      throw new Error("field order must be bigint");
    if (fieldOrder <= _1n2)
      throw new Error("field order must be greater than 1");
    const bitLength2 = bitLen(fieldOrder - _1n2);
    return Math.ceil(bitLength2 / 8);
  }
  function getMinHashLength(fieldOrder) {
    const length = getFieldBytesLength(fieldOrder);
    return length + Math.ceil(length / 2);
  }
  function mapHashToField(key, fieldOrder, isLE2 = false) {
    abytes2(key);
    const len = key.length;
    const fieldLen = getFieldBytesLength(fieldOrder);
    const minLen = Math.max(getMinHashLength(fieldOrder), 16);
    if (len < minLen || len > 1024)
      throw new Error("expected " + minLen + "-1024 bytes of input, got " + len);
    const num = isLE2 ? bytesToNumberLE(key) : bytesToNumberBE(key);
    const reduced = mod(num, fieldOrder - _1n2) + _1n2;
    return isLE2 ? numberToBytesLE(reduced, fieldLen) : numberToBytesBE(reduced, fieldLen);
  }

  // node_modules/@noble/curves/abstract/curve.js
  var _0n3 = /* @__PURE__ */ BigInt(0);
  var _1n3 = /* @__PURE__ */ BigInt(1);
  var _4n2 = /* @__PURE__ */ BigInt(4);
  var BLIND_BYTES = 16;
  var BLIND_BITS = 128;
  var FW_WINDOW = 5;
  var TABLE_BYTES_MAX = /* @__PURE__ */ (() => 2 ** 31)();
  function validatePointCons(Point) {
    const pc = Point;
    if (typeof pc !== "function")
      throw new TypeError('"Point" expected constructor, got type=' + typeof Point);
    afunction(pc.fromAffine, "Point.fromAffine");
    afunction(pc.fromBytes, "Point.fromBytes");
    afunction(pc.fromHex, "Point.fromHex");
    aobject2(pc.BASE, "Point.BASE");
    aobject2(pc.ZERO, "Point.ZERO");
    validateField(pc.Fp);
    validateField(pc.Fn);
  }
  function normalizeZ(c, points) {
    validatePointCons(c);
    validateMSMPoints(points, c);
    const invertedZs = FpInvertBatch(c.Fp, points.map((p) => p.Z));
    return points.map((p, i) => c.fromAffine(p.toAffine(invertedZs[i])));
  }
  function validateW(W, bits, min = 1) {
    if (!Number.isSafeInteger(W) || W < min || W > bits)
      throw new Error("invalid window size, expected [" + min + ".." + bits + "], got W=" + W);
  }
  function validateTableBytes(numPoints, fpBytes) {
    const bytes = numPoints * (4 * fpBytes + 128);
    if (bytes > TABLE_BYTES_MAX)
      throw new Error("invalid window size: table would need ~" + Math.ceil(bytes / 2 ** 20) + " MiB, max " + TABLE_BYTES_MAX / 2 ** 20 + " MiB");
  }
  function probeRandomBytes(randomBytes3, length) {
    if (randomBytes3 === void 0)
      return void 0;
    afunction(randomBytes3, "randomBytes");
    try {
      const probe = randomBytes3(length);
      if (!isBytes2(probe) || probe.length !== length)
        return void 0;
    } catch {
      return void 0;
    }
    return randomBytes3;
  }
  function validateMSMPoints(points, c) {
    aarray(points, "points");
    points.forEach((p, i) => {
      if (!(p instanceof c))
        throw new Error("invalid point at index " + i);
    });
  }
  function validateMSMScalars(scalars, field, maxScalar) {
    if (!Array.isArray(scalars))
      throw new Error("array of scalars expected");
    scalars.forEach((s, i) => {
      const ok = maxScalar === void 0 ? field.isValid(s) : isPosBig(s) && s < maxScalar;
      if (!ok)
        throw new Error("invalid scalar at index " + i);
    });
  }
  var pointWindowSizes = /* @__PURE__ */ new WeakMap();
  function getWindowSize(P2) {
    return pointWindowSizes.get(P2) || 1;
  }
  function oddMultiples(p, size) {
    const dbl = p.double();
    const t = [p];
    for (let j = 1; j < size; j++)
      t.push(t[j - 1].add(dbl));
    return t;
  }
  function wnafDigits(n, W) {
    const size = 2 ** W;
    const half = size / 2;
    const mask = BigInt(size - 1);
    const d = [];
    while (n > _0n3) {
      let w = 0;
      if (n & _1n3) {
        w = Number(n & mask);
        if (w >= half)
          w -= size;
        n -= BigInt(w);
      }
      d.push(w);
      n >>= _1n3;
    }
    return d;
  }
  function signedWindowDigits(n, W, windows) {
    const size = 2 ** W;
    const half = size / 2;
    const mask = BigInt(size - 1);
    const shiftBy = BigInt(W);
    const d = [];
    for (let w = 0; w < windows; w++) {
      let v = Number(n & mask);
      n >>= shiftBy;
      if (v > half) {
        v -= size;
        n += _1n3;
      }
      d.push(v);
    }
    if (n !== _0n3)
      throw new Error("invalid wnaf");
    return d;
  }
  function wnafWalk(zero, tables, digits) {
    let max = 0;
    for (const d of digits)
      max = Math.max(max, d.length);
    let acc = zero;
    for (let bit = max - 1; bit >= 0; bit--) {
      if (bit !== max - 1)
        acc = acc.double();
      for (let i = 0; i < digits.length; i++) {
        const w = digits[i][bit];
        if (w) {
          const item = tables[i][Math.abs(w) - 1 >> 1];
          acc = acc.add(w < 0 ? item.negate() : item);
        }
      }
    }
    return acc;
  }
  var ScalarMultiplier = class {
    Point;
    BASE;
    ZERO;
    randomBytes;
    wnafPrecomputes = /* @__PURE__ */ new WeakMap();
    baseCanBeBlinded;
    bits;
    // Parametrized with a given Point class (not individual point)
    constructor(Point, randomBytes3) {
      validatePointCons(Point);
      this.randomBytes = probeRandomBytes(randomBytes3, BLIND_BYTES);
      this.Point = Point;
      this.BASE = Point.BASE;
      this.ZERO = Point.ZERO;
      this.bits = Point.Fn.BITS;
    }
    /**
     * Creates a signed fixed-window wNAF precomputation table: for every window w, the
     * multiples `[1..2^(W−1)]⋅2^(w⋅W)⋅P`, flattened. All doublings are baked into the table,
     * so cached multiplication is additions-only. `windows = ceil(bits/W) + 1`: the extra
     * window absorbs the final carry of signed-digit recoding.
     * For a 256-bit curve and W=6, the table is 44⋅32 = 1408 points.
     * @param point - Point instance
     * @param W - window size
     * @param bits - scalar bitlength the table must cover
     */
    buildWnafTable(point, W, bits) {
      const windows = Math.ceil(bits / W) + 1;
      const half = 2 ** (W - 1);
      const comp = [];
      let base = point;
      for (let w = 0; w < windows; w++) {
        let acc = base;
        for (let i = 0; i < half; i++) {
          comp.push(acc);
          acc = acc.add(base);
        }
        base = comp[comp.length - 1].double();
      }
      return { W, bits, windows, comp };
    }
    /**
     * Implements ec multiplication using precomputed signed fixed-window wNAF tables.
     * Constant-time: fixed window count with one table addition per window — zero digits feed
     * the fake accumulator — and no doublings; the lookup scans the whole window slice.
     * Scalar bounds are validated by the public entry points ({@link ScalarMultiplier.mulCT},
     * {@link ScalarMultiplier.mulCTBlinded}, {@link ScalarMultiplier.mulUnsafe});
     * signedWindowDigits throws if `n` exceeds the table.
     * @returns real and fake (for const-time) points
     */
    wnafCachedCT(precomputes, n) {
      const { W, windows, comp } = precomputes;
      const half = 2 ** (W - 1);
      const digits = signedWindowDigits(n, W, windows);
      let p = this.ZERO;
      let f = this.BASE;
      for (let w = 0; w < windows; w++) {
        const digit = digits[w];
        const start = w * half;
        const idx = Math.abs(digit) - 1;
        let sel = comp[start];
        for (let i = 1; i < half; i++)
          sel = i === idx ? comp[start + i] : sel;
        const neg = sel.negate();
        if (digit === 0)
          f = f.add(comp[start]);
        else
          p = p.add(digit < 0 ? neg : sel);
      }
      return { p, f };
    }
    // Cache key is point identity plus (W, bits); at most two entries exist per point (public-width
    // `Fn.BITS` and blinded `Fn.BITS + BLIND_BITS`). Callers must not reuse the same point with
    // incompatible `transform(...)` layouts and expect a separate cache entry.
    getWnafPrecomputes(W, point, bits, transform) {
      let entries = this.wnafPrecomputes.get(point);
      let comp = entries?.find((entry) => entry.W === W && entry.bits === bits);
      if (!comp) {
        comp = this.buildWnafTable(point, W, bits);
        if (typeof transform === "function")
          comp = { ...comp, comp: transform(comp.comp) };
        if (!entries) {
          entries = [];
          this.wnafPrecomputes.set(point, entries);
        }
        entries.push(comp);
      }
      return comp;
    }
    assertPoint(point) {
      if (!(point instanceof this.Point))
        throw new TypeError('"point" expected Point instance, got type=' + typeof point);
    }
    // Shared prologue of the constant-time entry points. Rejects scalar 0: in key/signature-style
    // callers a zero scalar means broken upstream plumbing, and concrete Points already reject it.
    // Uses inRange instead of Fn.isValidNot0: validateField() only certifies the arithmetic subset.
    validateMulInput(point, scalar) {
      this.assertPoint(point);
      if (!inRange(scalar, _1n3, this.Point.Fn.ORDER))
        throw new Error("invalid scalar");
    }
    // Constant-time dispatch shared by mulCT / mulCTBlinded. Un-precomputed points (W===1, e.g.
    // ECDH peer keys) skip building a throwaway cached table in favor of a small fixed-window
    // multiply. `n` must be < 2^bits.
    runCT(point, n, bits, transform) {
      const W = getWindowSize(point);
      if (W === 1)
        return this.fixedWindowCT(point, n, bits);
      return this.wnafCachedCT(this.getWnafPrecomputes(W, point, bits, transform), n);
    }
    mulCT(point, scalar, transform) {
      this.validateMulInput(point, scalar);
      return this.runCT(point, scalar, this.bits, transform);
    }
    mulCTBlinded(point, scalar, transform) {
      this.validateMulInput(point, scalar);
      if (this.randomBytes === void 0)
        throw new Error("randomBytes is required for scalar blinding");
      const bits = this.Point.Fn.BITS + BLIND_BITS;
      const blind = this.randomBytes(BLIND_BYTES);
      if (!isBytes2(blind) || blind.length !== BLIND_BYTES)
        throw new Error("randomBytes returned invalid byte array");
      blind[0] = blind[0] & 63 | 128;
      const n = scalar + bytesToNumberBE(blind) * this.Point.Fn.ORDER;
      return this.runCT(point, n, bits, transform);
    }
    /**
     * Constant-time multiplication `n*point` for an un-precomputed point, via a small fixed window.
     * A cached wNAF table only pays off when reused; a flat 2^FW_WINDOW table (`size-1` adds) is
     * far cheaper to build for a single use. The point-operation sequence is independent of `n`:
     * build the table, then per window exactly FW_WINDOW doublings, a data-oblivious scan over
     * every table entry, and one addition (adds the identity when the window digit is 0 — never
     * skipped).
     *
     * `n` must be `< 2^bits`. Assumes complete addition (adding the identity costs the same as any
     * add), which holds for the Weierstrass/Edwards point types used here. The table is left in
     * projective form (no normalizeZ): normalizing this small a table costs more than the
     * mixed-add savings it would buy for a single multiply.
     * @returns real point `p`; `f` duplicates it only to match {@link wnafCachedCT}'s return shape
     * (this path needs no fake accumulator — its op-count is already scalar-independent).
     */
    fixedWindowCT(point, n, bits) {
      const W = FW_WINDOW;
      const size = 1 << W;
      const mask = bitMask(W);
      const table = new Array(size);
      table[0] = this.ZERO;
      for (let i = 1; i < size; i++)
        table[i] = table[i - 1].add(point);
      const windows = Math.ceil(bits / W);
      let acc = this.ZERO;
      for (let window = windows - 1; window >= 0; window--) {
        if (window !== windows - 1)
          for (let d = 0; d < W; d++)
            acc = acc.double();
        const digit = Number(n >> BigInt(window * W) & mask);
        let sel = table[0];
        for (let i = 1; i < size; i++)
          sel = i === digit ? table[i] : sel;
        acc = acc.add(sel);
      }
      return { p: acc, f: acc };
    }
    shouldBlind(point, cofactor) {
      if (this.randomBytes === void 0)
        return false;
      if (cofactor === _1n3)
        return true;
      if (point !== this.BASE)
        return false;
      if (this.baseCanBeBlinded === void 0)
        this.baseCanBeBlinded = this.mulUnsafe(this.BASE, this.Point.Fn.ORDER).is0();
      return this.baseCanBeBlinded;
    }
    mulSecret(point, scalar, cofactor, transform) {
      return this.shouldBlind(point, cofactor) ? this.mulCTBlinded(point, scalar, transform) : this.mulCT(point, scalar, transform);
    }
    mulUnsafe(point, scalar, transform) {
      this.assertPoint(point);
      if (!isPosBig(scalar))
        throw new Error("invalid scalar");
      const W = getWindowSize(point);
      if (W === 1 || scalar >= this.Point.Fn.ORDER)
        return mulAddUnsafe(this.Point, [point], [scalar], true);
      const precomputes = this.getWnafPrecomputes(W, point, this.bits, transform);
      return this.wnafCachedCT(precomputes, scalar).p;
    }
    // Remembers the window size used for precomputed wNAF multiplication of the given point
    // and drops any previously built tables. Usually only the base point is precomputed.
    // W=1 resets the point to the un-precomputed (table-less) paths.
    // W is additionally capped so tables stay under ~2 GiB ({@link TABLE_BYTES_MAX}).
    setWindowSize(point, W) {
      this.assertPoint(point);
      validateW(W, this.bits);
      const windows = Math.ceil((this.bits + BLIND_BITS) / W) + 1;
      validateTableBytes(windows * 2 ** (W - 1), this.Point.Fp.BYTES);
      pointWindowSizes.set(point, W);
      this.wnafPrecomputes.delete(point);
    }
    // True when a window size is set: tables themselves are built lazily on first multiply.
    hasWindowSize(point) {
      return getWindowSize(point) !== 1;
    }
  };
  function mulAddUnsafe(c, points, scalars, allowOversized = false) {
    validatePointCons(c);
    validateMSMPoints(points, c);
    abool2(allowOversized, "allowOversized");
    validateMSMScalars(scalars, c.Fn, allowOversized ? c.Fn.ORDER ** _4n2 : void 0);
    if (points.length !== scalars.length)
      throw new Error("arrays of points and scalars must have equal length");
    const tables = points.map((p) => oddMultiples(p, 4));
    const digits = scalars.map((n) => wnafDigits(n, 4));
    return wnafWalk(c.ZERO, tables, digits);
  }
  function createField(order, field, isLE2) {
    if (field) {
      if (field.ORDER !== order)
        throw new Error("Field.ORDER must match order: Fp == p, Fn == n");
      validateField(field);
      return field;
    } else {
      return Field(order, { isLE: isLE2 });
    }
  }
  function createCurveFields(type, CURVE, curveOpts = {}, FpFnLE) {
    if (type !== "weierstrass" && type !== "edwards")
      throw new Error('expected curve type "weierstrass" or "edwards"');
    if (FpFnLE === void 0)
      FpFnLE = type === "edwards";
    if (!CURVE || typeof CURVE !== "object")
      throw new Error(`expected valid ${type} CURVE object`);
    validateObject(curveOpts);
    for (const p of ["p", "n", "h"]) {
      const val = CURVE[p];
      if (!(isPosBig(val) && val !== _0n3))
        throw new Error(`CURVE.${p} must be positive bigint`);
    }
    const Fp2 = createField(CURVE.p, curveOpts.Fp, FpFnLE);
    const Fn = createField(CURVE.n, curveOpts.Fn, FpFnLE);
    const _b = type === "weierstrass" ? "b" : "d";
    const params = ["Gx", "Gy", "a", _b];
    for (const p of params) {
      if (!Fp2.isValid(CURVE[p]))
        throw new Error(`CURVE.${p} must be valid field element of CURVE.Fp`);
    }
    CURVE = Object.freeze(Object.assign({}, CURVE));
    return { CURVE, Fp: Fp2, Fn };
  }
  function createKeygen(randomSecretKey, getPublicKey) {
    return function keygen(seed) {
      const secretKey = randomSecretKey(seed);
      return { secretKey, publicKey: getPublicKey(secretKey) };
    };
  }

  // node_modules/@noble/curves/abstract/edwards.js
  var _0n4 = /* @__PURE__ */ BigInt(0);
  var _1n4 = /* @__PURE__ */ BigInt(1);
  var _2n2 = /* @__PURE__ */ BigInt(2);
  var _4n3 = /* @__PURE__ */ BigInt(4);
  var _8n2 = /* @__PURE__ */ BigInt(8);
  function isEdValidXY(Fp2, CURVE, x, y) {
    const x2 = Fp2.sqr(x);
    const y2 = Fp2.sqr(y);
    const left = Fp2.add(Fp2.mul(CURVE.a, x2), y2);
    const right = Fp2.add(Fp2.ONE, Fp2.mul(CURVE.d, Fp2.mul(x2, y2)));
    return Fp2.eql(left, right);
  }
  function edwards(params, extraOpts = {}) {
    validateObject(extraOpts, {}, {}, "extraOpts");
    const opts = extraOpts;
    const validated = createCurveFields("edwards", params, opts, opts.FpFnLE);
    const { Fp: Fp2, Fn } = validated;
    let CURVE = validated.CURVE;
    const { h: cofactor } = CURVE;
    if (FpLegendre(Fp2, CURVE.a) !== 1)
      throw new Error("edwards: CURVE.a must be a square in Fp for complete addition formulas");
    if (FpLegendre(Fp2, CURVE.d) !== -1)
      throw new Error("edwards: CURVE.d must be a non-square in Fp for complete addition formulas");
    validateObject(opts, {}, { uvRatio: "function", randomBytes: "function" });
    const randomBytes3 = opts.randomBytes === void 0 ? randomBytes2 : opts.randomBytes;
    const MASK = _2n2 << BigInt(Fp2.BYTES * 8) - _1n4;
    function isOdd(n) {
      if (!Fp2.isOdd)
        throw new Error("Field does not have .isOdd()");
      return Fp2.isOdd(n);
    }
    const uvRatio2 = opts.uvRatio === void 0 ? (u, v) => {
      try {
        return { isValid: true, value: Fp2.sqrt(Fp2.div(u, v)) };
      } catch (e) {
        return { isValid: false, value: _0n4 };
      }
    } : opts.uvRatio;
    if (!isEdValidXY(Fp2, CURVE, CURVE.Gx, CURVE.Gy))
      throw new Error("bad curve params: generator point");
    const mulA = Fp2.eql(CURVE.a, Fp2.neg(Fp2.ONE)) ? (x) => Fp2.neg(x) : Fp2.eql(CURVE.a, Fp2.ONE) ? (x) => x : (x) => Fp2.mul(CURVE.a, x);
    function acoord(title, n, banZero = false) {
      const min = banZero ? _1n4 : _0n4;
      aInRange("coordinate " + title, n, min, MASK);
      return n;
    }
    function aedpoint(other) {
      if (!(other instanceof Point))
        throw new Error("EdwardsPoint expected");
    }
    class Point {
      static BASE = new Point(CURVE.Gx, CURVE.Gy, Fp2.ONE, Fp2.mul(CURVE.Gx, CURVE.Gy));
      static ZERO = new Point(Fp2.ZERO, Fp2.ONE, Fp2.ONE, Fp2.ZERO);
      static Fp = Fp2;
      static Fn = Fn;
      X;
      Y;
      Z;
      T;
      constructor(X, Y, Z, T) {
        this.X = acoord("x", X);
        this.Y = acoord("y", Y);
        this.Z = acoord("z", Z, true);
        this.T = acoord("t", T);
        Object.freeze(this);
      }
      static CURVE() {
        return CURVE;
      }
      /**
       * Create one extended Edwards point from affine coordinates.
       * Does NOT validate that the point is on-curve or torsion-free.
       * Use `.assertValidity()` on adversarial inputs.
       */
      static fromAffine(p) {
        if (p instanceof Point)
          throw new Error("extended point not allowed");
        const { x, y } = p || {};
        acoord("x", x);
        acoord("y", y);
        return new Point(x, y, Fp2.ONE, Fp2.mul(x, y));
      }
      // Uses algo from RFC8032 5.1.3.
      static fromBytes(bytes, zip215 = false) {
        const len = Fp2.BYTES;
        const { a, d } = CURVE;
        bytes = copyBytes(abytes2(bytes, len, "point"));
        abool2(zip215, "zip215");
        const normed = copyBytes(bytes);
        const lastByte = bytes[len - 1];
        normed[len - 1] = lastByte & ~128;
        const y = bytesToNumberLE(normed);
        const max = zip215 ? MASK : Fp2.ORDER;
        aInRange("point.y", y, _0n4, max);
        const y2 = Fp2.sqr(y);
        const u = Fp2.sub(y2, Fp2.ONE);
        const v = Fp2.sub(Fp2.mulN(d, y2), a);
        let { isValid, value: x } = uvRatio2(u, v);
        if (!isValid)
          throw new Error("bad point: invalid y coordinate");
        const isXOdd = isOdd(x);
        const isLastByteOdd = (lastByte & 128) !== 0;
        if (!zip215 && Fp2.is0(x) && isLastByteOdd)
          throw new Error("bad point: x=0 and x_0=1");
        if (isLastByteOdd !== isXOdd)
          x = Fp2.neg(x);
        return Point.fromAffine({ x, y });
      }
      static fromHex(hex, zip215 = false) {
        return Point.fromBytes(hexToBytes2(hex), zip215);
      }
      get x() {
        return this.toAffine().x;
      }
      get y() {
        return this.toAffine().y;
      }
      precompute(windowSize = 6, isLazy = true) {
        wnaf.setWindowSize(this, windowSize);
        if (!isLazy)
          this.multiply(_2n2);
        return this;
      }
      // Useful in fromAffine() - not for fromBytes(), which always created valid points.
      assertValidity() {
        const p = this;
        const { a, d } = CURVE;
        if (p.is0())
          throw new Error("bad point: ZERO");
        const { X, Y, Z, T } = p;
        const X2 = Fp2.sqr(X);
        const Y2 = Fp2.sqr(Y);
        const Z2 = Fp2.sqr(Z);
        const Z4 = Fp2.sqr(Z2);
        const aX2 = Fp2.mul(X2, a);
        const left = Fp2.mul(Fp2.add(aX2, Y2), Z2);
        const right = Fp2.add(Z4, Fp2.mul(d, Fp2.mul(X2, Y2)));
        if (!Fp2.eql(left, right))
          throw new Error("bad point: equation left != right (1)");
        const XY = Fp2.mul(X, Y);
        const ZT = Fp2.mul(Z, T);
        if (!Fp2.eql(XY, ZT))
          throw new Error("bad point: equation left != right (2)");
      }
      // Compare one point to another.
      equals(other) {
        aedpoint(other);
        const { X: X1, Y: Y1, Z: Z1 } = this;
        const { X: X2, Y: Y2, Z: Z2 } = other;
        const X1Z2 = Fp2.mul(X1, Z2);
        const X2Z1 = Fp2.mul(X2, Z1);
        const Y1Z2 = Fp2.mul(Y1, Z2);
        const Y2Z1 = Fp2.mul(Y2, Z1);
        return Fp2.eql(X1Z2, X2Z1) && Fp2.eql(Y1Z2, Y2Z1);
      }
      is0() {
        return this.equals(Point.ZERO);
      }
      negate() {
        return new Point(Fp2.neg(this.X), this.Y, this.Z, Fp2.neg(this.T));
      }
      // Fast algo for doubling Extended Point.
      // https://hyperelliptic.org/EFD/g1p/auto-twisted-extended.html#doubling-dbl-2008-hwcd
      // Cost: 4M + 4S + 1*a + 6add + 1*2.
      double() {
        const { X: X1, Y: Y1, Z: Z1 } = this;
        const A = Fp2.sqr(X1);
        const B2 = Fp2.sqr(Y1);
        const C = Fp2.mul(Fp2.sqr(Z1), _2n2);
        const D = mulA(A);
        const x1y1 = Fp2.addN(X1, Y1);
        const E = Fp2.sub(Fp2.subN(Fp2.sqr(x1y1), A), B2);
        const G = Fp2.addN(D, B2);
        const F = Fp2.subN(G, C);
        const H = Fp2.subN(D, B2);
        const X3 = Fp2.mul(E, F);
        const Y3 = Fp2.mul(G, H);
        const T3 = Fp2.mul(E, H);
        const Z3 = Fp2.mul(F, G);
        return new Point(X3, Y3, Z3, T3);
      }
      // Fast algo for adding 2 Extended Points.
      // https://hyperelliptic.org/EFD/g1p/auto-twisted-extended.html#addition-add-2008-hwcd
      // Cost: 9M + 1*a + 1*d + 7add.
      add(other) {
        aedpoint(other);
        const { d } = CURVE;
        const { X: X1, Y: Y1, Z: Z1, T: T1 } = this;
        const { X: X2, Y: Y2, Z: Z2, T: T2 } = other;
        const A = Fp2.mul(X1, X2);
        const B2 = Fp2.mul(Y1, Y2);
        const C = Fp2.mul(Fp2.mulN(T1, d), T2);
        const D = Fp2.mul(Z1, Z2);
        const E = Fp2.sub(Fp2.subN(Fp2.mulN(Fp2.addN(X1, Y1), Fp2.addN(X2, Y2)), A), B2);
        const F = Fp2.subN(D, C);
        const G = Fp2.addN(D, C);
        const H = Fp2.sub(B2, mulA(A));
        const X3 = Fp2.mul(E, F);
        const Y3 = Fp2.mul(G, H);
        const T3 = Fp2.mul(E, H);
        const Z3 = Fp2.mul(F, G);
        return new Point(X3, Y3, Z3, T3);
      }
      subtract(other) {
        aedpoint(other);
        return this.add(other.negate());
      }
      // Constant-time multiplication.
      multiply(scalar) {
        if (!Fn.isValidNot0(scalar))
          throw new RangeError("invalid scalar: expected 1 <= sc < curve.n");
        const { p, f } = wnaf.mulSecret(this, scalar, cofactor, normalize);
        return normalize([p, f])[0];
      }
      // Non-constant-time multiplication. Uses double-and-add algorithm.
      // It's faster, but should only be used when you don't care about
      // an exposed private key e.g. sig verification.
      // Keeps the same subgroup-scalar contract: 0 is allowed for public-scalar callers, but
      // n and larger values are rejected instead of being reduced mod n to the identity point.
      multiplyUnsafe(scalar) {
        if (!Fn.isValid(scalar))
          throw new RangeError("invalid scalar: expected 0 <= sc < curve.n");
        if (scalar === _0n4)
          return Point.ZERO;
        if (this.is0() || scalar === _1n4)
          return this;
        return wnaf.mulUnsafe(this, scalar, normalize);
      }
      // Checks if point is of small order.
      // If you add something to small order point, you will have "dirty"
      // point with torsion component.
      // Clears cofactor and checks if the result is 0.
      isSmallOrder() {
        return this.clearCofactor().is0();
      }
      // Multiplies point by curve order and checks if the result is 0.
      // Returns `false` is the point is dirty.
      isTorsionFree() {
        return wnaf.mulUnsafe(this, CURVE.n).is0();
      }
      // Converts Extended point to default (x, y) coordinates.
      // Can accept precomputed Z^-1 - for example, from invertBatch.
      toAffine(invertedZ) {
        const p = this;
        let iz = invertedZ;
        if (iz != null && typeof iz !== "bigint")
          throw new TypeError('"invertedZ" expected bigint, got type=' + typeof iz);
        const { X, Y, Z } = p;
        const is0 = p.is0();
        if (iz == null)
          iz = is0 ? Fp2.create(_8n2) : Fp2.inv(Z);
        const x = Fp2.mul(X, iz);
        const y = Fp2.mul(Y, iz);
        const zz = Fp2.mul(Z, iz);
        if (is0)
          return { x: Fp2.ZERO, y: Fp2.ONE };
        if (!Fp2.eql(zz, Fp2.ONE))
          throw new Error("invZ was invalid");
        return { x, y };
      }
      clearCofactor() {
        if (cofactor === _1n4)
          return this;
        if (cofactor === _2n2)
          return this.double();
        if (cofactor === _4n3)
          return this.double().double();
        if (cofactor === _8n2)
          return this.double().double().double();
        return this.multiplyUnsafe(cofactor);
      }
      toBytes() {
        const { x, y } = this.toAffine();
        const bytes = Fp2.toBytes(y);
        bytes[bytes.length - 1] |= isOdd(x) ? 128 : 0;
        return bytes;
      }
      toHex() {
        return bytesToHex2(this.toBytes());
      }
      toString() {
        return `<Point ${this.is0() ? "ZERO" : this.toHex()}>`;
      }
    }
    const normalize = (points) => normalizeZ(Point, points);
    const wnaf = new ScalarMultiplier(Point, randomBytes3);
    if (wnaf.bits >= 6)
      Point.BASE.precompute(6);
    Object.freeze(Point.prototype);
    Object.freeze(Point);
    return Point;
  }
  function eddsa(Point, cHash, eddsaOpts = {}) {
    validatePointCons(Point);
    if (typeof cHash !== "function")
      throw new Error('"hash" function param is required');
    const hash = cHash;
    const opts = eddsaOpts;
    validateObject(opts, {}, {
      adjustScalarBytes: "function",
      randomBytes: "function",
      domain: "function",
      prehash: "function",
      zip215: "boolean",
      mapToCurve: "function",
      toMontgomery: "function",
      toMontgomerySecret: "function"
    });
    const { prehash } = opts;
    const { BASE, Fp: Fp2, Fn } = Point;
    const outputLen = hash.outputLen;
    const expectedLen = 2 * Fp2.BYTES;
    if (outputLen !== void 0) {
      asafenumber(outputLen, "hash.outputLen");
      if (outputLen !== expectedLen)
        throw new Error(`hash.outputLen must be ${expectedLen}, got ${outputLen}`);
    }
    const randomBytes3 = opts.randomBytes === void 0 ? randomBytes2 : opts.randomBytes;
    const toMontgomery2 = opts.toMontgomery;
    const toMontgomerySecret2 = opts.toMontgomerySecret;
    const adjustScalarBytes2 = opts.adjustScalarBytes === void 0 ? (bytes) => bytes : opts.adjustScalarBytes;
    const domain = opts.domain === void 0 ? (data, ctx, phflag) => {
      abool2(phflag, "phflag");
      if (ctx.length || phflag)
        throw new Error("Contexts/pre-hash are not supported");
      return data;
    } : opts.domain;
    function modN_LE(hash2) {
      return Fn.create(bytesToNumberLE(hash2));
    }
    function getPrivateScalar(key) {
      const len = lengths.secretKey;
      abytes2(key, lengths.secretKey, "secretKey");
      const hashed = abytes2(hash(key), 2 * len, "hashedSecretKey");
      const head = adjustScalarBytes2(hashed.slice(0, len));
      const prefix = hashed.slice(len, 2 * len);
      const scalar = modN_LE(head);
      return { head, prefix, scalar };
    }
    function getExtendedPublicKey(secretKey) {
      const { head, prefix, scalar } = getPrivateScalar(secretKey);
      const point = BASE.multiply(scalar);
      const pointBytes = point.toBytes();
      return { head, prefix, scalar, point, pointBytes };
    }
    function getPublicKey(secretKey) {
      return getExtendedPublicKey(secretKey).pointBytes;
    }
    function hashDomainToScalar(context = Uint8Array.of(), ...msgs) {
      const msg = concatBytes2(...msgs);
      return modN_LE(hash(domain(msg, abytes2(context, void 0, "context"), !!prehash)));
    }
    function sign(msg, secretKey, options = {}) {
      validateObject(options, {}, {}, "options");
      msg = copyBytes(abytes2(msg, void 0, "message"));
      if (prehash)
        msg = prehash(msg);
      const { prefix, scalar, pointBytes } = getExtendedPublicKey(secretKey);
      const r = hashDomainToScalar(options.context, prefix, msg);
      const R = BASE.multiply(r).toBytes();
      const k = hashDomainToScalar(options.context, R, pointBytes, msg);
      const s = Fn.create(r + k * scalar);
      if (!Fn.isValid(s))
        throw new Error("sign failed: invalid s");
      const rs = concatBytes2(R, Fn.toBytes(s));
      return abytes2(rs, lengths.signature, "result");
    }
    const verifyOpts = {
      zip215: opts.zip215
    };
    function verify2(sig, msg, publicKey, options = verifyOpts) {
      validateObject(options);
      const { context } = options;
      const zip215 = options.zip215 === void 0 ? !!verifyOpts.zip215 : options.zip215;
      const len = lengths.signature;
      sig = abytes2(sig, len, "signature");
      msg = abytes2(msg, void 0, "message");
      publicKey = abytes2(publicKey, lengths.publicKey, "publicKey");
      if (zip215 !== void 0)
        abool2(zip215, "zip215");
      if (prehash)
        msg = prehash(msg);
      const mid = len / 2;
      const r = sig.subarray(0, mid);
      const s = bytesToNumberLE(sig.subarray(mid, len));
      let A, R, SB;
      try {
        A = Point.fromBytes(publicKey, zip215);
        R = Point.fromBytes(r, zip215);
        SB = BASE.multiplyUnsafe(s);
      } catch (error) {
        return false;
      }
      if (!zip215 && A.isSmallOrder())
        return false;
      const k = hashDomainToScalar(context, r, publicKey, msg);
      const RkA = R.add(A.multiplyUnsafe(k));
      return RkA.subtract(SB).clearCofactor().is0();
    }
    const _size = Fp2.BYTES;
    const lengths = {
      secretKey: _size,
      publicKey: _size,
      signature: 2 * _size,
      seed: _size
    };
    function randomSecretKey(seed) {
      seed = seed === void 0 ? randomBytes3(lengths.seed) : seed;
      return abytes2(seed, lengths.seed, "seed");
    }
    function isValidSecretKey(key) {
      return isBytes2(key) && key.length === lengths.secretKey;
    }
    function isValidPublicKey(key, zip215) {
      try {
        return !!Point.fromBytes(key, zip215 === void 0 ? verifyOpts.zip215 : zip215);
      } catch (error) {
        return false;
      }
    }
    const utils = {
      getExtendedPublicKey,
      randomSecretKey,
      isValidSecretKey,
      isValidPublicKey,
      /** Converts an Edwards public key to a companion Montgomery public key. */
      toMontgomery(publicKey) {
        if (toMontgomery2 === void 0)
          throw new Error("Montgomery conversion is not supported for this curve");
        return toMontgomery2(Point.fromBytes(publicKey));
      },
      toMontgomerySecret(secretKey) {
        if (toMontgomerySecret2 === void 0)
          throw new Error("Montgomery conversion is not supported for this curve");
        return toMontgomerySecret2(secretKey);
      }
    };
    Object.freeze(lengths);
    Object.freeze(utils);
    return Object.freeze({
      keygen: createKeygen(randomSecretKey, getPublicKey),
      getPublicKey,
      sign,
      verify: verify2,
      utils,
      Point,
      lengths
    });
  }

  // node_modules/@noble/curves/ed25519.js
  var _1n5 = /* @__PURE__ */ BigInt(1);
  var _2n3 = /* @__PURE__ */ BigInt(2);
  var _5n2 = /* @__PURE__ */ BigInt(5);
  var _8n3 = /* @__PURE__ */ BigInt(8);
  var ed25519_CURVE_p = /* @__PURE__ */ BigInt("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
  var ed25519_CURVE = /* @__PURE__ */ (() => ({
    p: ed25519_CURVE_p,
    n: BigInt("0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed"),
    h: _8n3,
    a: BigInt("0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec"),
    d: BigInt("0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3"),
    Gx: BigInt("0x216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a"),
    Gy: BigInt("0x6666666666666666666666666666666666666666666666666666666666666658")
  }))();
  function ed25519_pow_2_252_3(x) {
    const _10n = BigInt(10), _20n = BigInt(20), _40n = BigInt(40), _80n = BigInt(80);
    const P2 = ed25519_CURVE_p;
    const x2 = x * x % P2;
    const b2 = x2 * x % P2;
    const b4 = pow2(b2, _2n3, P2) * b2 % P2;
    const b5 = pow2(b4, _1n5, P2) * x % P2;
    const b10 = pow2(b5, _5n2, P2) * b5 % P2;
    const b20 = pow2(b10, _10n, P2) * b10 % P2;
    const b40 = pow2(b20, _20n, P2) * b20 % P2;
    const b80 = pow2(b40, _40n, P2) * b40 % P2;
    const b160 = pow2(b80, _80n, P2) * b80 % P2;
    const b240 = pow2(b160, _80n, P2) * b80 % P2;
    const b250 = pow2(b240, _10n, P2) * b10 % P2;
    const pow_p_5_8 = pow2(b250, _2n3, P2) * x % P2;
    return { pow_p_5_8, b2 };
  }
  function adjustScalarBytes(bytes) {
    bytes[0] &= 248;
    bytes[31] &= 127;
    bytes[31] |= 64;
    return bytes;
  }
  var ED25519_SQRT_M1 = /* @__PURE__ */ BigInt("19681161376707505956807079304988542015446066515923890162744021073123829784752");
  function uvRatio(u, v) {
    const P2 = ed25519_CURVE_p;
    const v3 = mod(v * v * v, P2);
    const v7 = mod(v3 * v3 * v, P2);
    const pow3 = ed25519_pow_2_252_3(u * v7).pow_p_5_8;
    let x = mod(u * v3 * pow3, P2);
    const vx2 = mod(v * x * x, P2);
    const root1 = x;
    const root2 = mod(x * ED25519_SQRT_M1, P2);
    const useRoot1 = vx2 === u;
    const useRoot2 = vx2 === mod(-u, P2);
    const noRoot = vx2 === mod(-u * ED25519_SQRT_M1, P2);
    if (useRoot1)
      x = root1;
    if (useRoot2 || noRoot)
      x = root2;
    if (isNegativeLE(x, P2))
      x = mod(-x, P2);
    return { isValid: useRoot1 || useRoot2, value: x };
  }
  var ed25519_Point = /* @__PURE__ */ edwards(ed25519_CURVE, { uvRatio });
  var Fp = /* @__PURE__ */ (() => ed25519_Point.Fp)();
  function toMontgomery(point) {
    const { y } = point;
    return Fp.toBytes(Fp.div(_1n5 + y, _1n5 - y));
  }
  function toMontgomerySecret(secretKey) {
    const size = ed25519_Point.Fp.BYTES;
    abytes(secretKey, size);
    return adjustScalarBytes(sha512(secretKey.subarray(0, size))).subarray(0, size);
  }
  function ed(opts) {
    return eddsa(ed25519_Point, sha512, Object.assign({ adjustScalarBytes, toMontgomery, toMontgomerySecret, zip215: true }, opts));
  }
  var ed25519 = /* @__PURE__ */ ed({});

  // verifier/web/src/note.js
  var ALG_ED25519 = 1;
  var ALG_COSIGNATURE_V1 = 4;
  var MAX_SIGNATURES = 100;
  var MAX_NOTE_BYTES = 1 << 20;
  var SIGNATURE_PREFIX = "— ";
  var ED25519_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
  var MAX_TREE_SIZE = 2n ** 64n - 1n;
  var WHITE_SPACE = new Set(
    "	\n\v\f\r              \u2028\u2029  　"
  );
  var EMPTY_ROOT = sha256(new Uint8Array(0));
  var utf8 = new TextEncoder();
  function nameProblem(name) {
    if (!name) return "must not be empty";
    if (name.includes("+")) return `${pyRepr(name)} must not contain '+'`;
    for (const ch of name) {
      const c = ch.codePointAt(0);
      if (WHITE_SPACE.has(ch)) return `${pyRepr(name)} must not contain spaces (found U+${c.toString(16).toUpperCase().padStart(4, "0")})`;
      if (c < 32 || c === 127) return `${pyRepr(name)} must not contain control characters`;
    }
    if (!name.isWellFormed()) return `${pyRepr(name)} is not valid UTF-8 (lone surrogate)`;
    return null;
  }
  function computeKeyId(name, publicKey, algorithm2 = ALG_ED25519) {
    return sha256(concat(utf8.encode(name), Uint8Array.of(10, algorithm2), publicKey)).slice(0, 4);
  }
  function validPoint(publicKey) {
    try {
      ed25519.Point.fromBytes(publicKey, false);
      return true;
    } catch {
      return false;
    }
  }
  function ed25519Verify(publicKey, message, signature) {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = s << 8n | BigInt(signature[i]);
    if (s >= ED25519_ORDER) return false;
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  }
  function parseVerifierKey(text) {
    const bad4 = (why) => new VerifyError("InvalidVerifierKey", why);
    if (typeof text !== "string") throw bad4("a verifier key is a string");
    if (text.startsWith("PRIVATE+KEY+")) {
      throw bad4(
        "this is a private signing key, not a verifier key: give the public key string (and keep the private one secret)"
      );
    }
    const first = text.indexOf("+");
    const second = first < 0 ? -1 : text.indexOf("+", first + 1);
    if (first < 0 || second < 0) {
      throw bad4(
        "a verifier key reads <name>+<8 hex key id>+<base64 key>, e.g. example.com/log+c74f20a3+ARpc...; check that the whole string was copied"
      );
    }
    const name = text.slice(0, first);
    const hexId = text.slice(first + 1, second);
    const encoded = text.slice(second + 1);
    const problem = nameProblem(name);
    if (problem !== null) throw bad4(`key name ${problem}`);
    if (!/^[0-9a-f]{8}$/.test(hexId)) throw bad4(`key id ${pyRepr(hexId)} must be 8 lowercase hex characters`);
    const raw = b64decodeStrict(encoded);
    if (raw === null || raw.length === 0) throw bad4("the key data is not canonical standard base64");
    if (raw[0] !== ALG_ED25519 && raw[0] !== ALG_COSIGNATURE_V1) {
      throw bad4(
        `unknown key algorithm 0x${raw[0].toString(16).padStart(2, "0")}; only Ed25519 note keys (0x01) and Ed25519 cosigner keys (0x04)`
      );
    }
    if (raw.length !== 33) throw bad4(`an Ed25519 key is 32 bytes, got ${raw.length - 1}`);
    const publicKey = raw.slice(1);
    const expected = computeKeyId(name, publicKey, raw[0]);
    if (toHex(expected) !== hexId) {
      throw bad4(
        `key id ${hexId} does not match the name and public key (they give ${toHex(expected)}): the key string is corrupt`
      );
    }
    if (!validPoint(publicKey)) throw bad4("the public key is not a valid Ed25519 point");
    return { name, keyId: expected, publicKey, algorithm: raw[0], text: `${name}+${hexId}+${encoded}` };
  }
  function checkCharacters(note) {
    const bad4 = (why) => new VerifyError("InvalidNote", why);
    if (!note.isWellFormed()) throw bad4("the note is not valid UTF-8 (lone surrogate)");
    const size = utf8.encode(note).length;
    if (size > MAX_NOTE_BYTES) throw bad4(`the note is ${size} bytes, the limit is ${MAX_NOTE_BYTES}`);
    note.split("\n").forEach((line, n) => {
      for (const ch of line) {
        const c = ch.codePointAt(0);
        if (c < 32) throw bad4(`line ${n + 1} holds the control character U+${c.toString(16).toUpperCase().padStart(4, "0")}`);
      }
    });
  }
  function parseNote(note) {
    const bad4 = (why) => new VerifyError("InvalidNote", why);
    if (typeof note !== "string") throw bad4("a note is text");
    checkCharacters(note);
    const split2 = note.lastIndexOf("\n\n");
    if (split2 < 0) throw bad4("no blank line separates the note text from its signatures");
    const text = note.slice(0, split2 + 1);
    const block = note.slice(split2 + 2);
    if (!text.replace(/^\n+|\n+$/g, "")) throw bad4("the note text is empty");
    if (!block) throw bad4("the note has no signature lines");
    if (!block.endsWith("\n")) throw bad4("the last signature line does not end with a newline");
    const lines = block.slice(0, -1).split("\n");
    if (lines.length > MAX_SIGNATURES) throw bad4(`the note has ${lines.length} signatures, the limit is ${MAX_SIGNATURES}`);
    return { text, signatures: lines.map(parseSignatureLine) };
  }
  function parseSignatureLine(line) {
    const bad4 = (why) => new VerifyError("InvalidNote", why);
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw bad4(`signature line ${pyRepr(line.slice(0, 40))} does not start with an em dash and space`);
    }
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(" ");
    const name = space < 0 ? rest : rest.slice(0, space);
    const problem = nameProblem(name);
    if (problem !== null) throw bad4(`signature key name ${problem}`);
    const raw = space < 0 ? null : b64decodeStrict(rest.slice(space + 1));
    if (raw === null) throw bad4(`the signature of ${name} is not canonical standard base64`);
    if (raw.length <= 4) throw bad4(`the signature of ${name} is too short (${raw.length} bytes)`);
    return { name, keyId: raw.slice(0, 4), signature: raw.slice(4) };
  }
  function verifyNote(note, key) {
    if (key.algorithm !== ALG_ED25519) {
      throw new VerifyError(
        "InvalidVerifierKey",
        `${key.name}+${toHex(key.keyId)} is a witness's cosigner key (0x04), not a log's note key: give the log's verifier key (cosigner keys go in a policy file)`
      );
    }
    const parsed = parseNote(note);
    const mine = parsed.signatures.filter((s) => s.name === key.name && equal(s.keyId, key.keyId));
    const id = `${key.name}+${toHex(key.keyId)}`;
    if (mine.length === 0) {
      const found = parsed.signatures.map((s) => `${s.name}+${toHex(s.keyId)}`).join(", ");
      throw new VerifyError(
        "UnknownKeyError",
        `the note is not signed by ${id} (signed by: ${found}); check that you were given this log's verifier key`
      );
    }
    const message = utf8.encode(parsed.text);
    for (const sig of mine) {
      if (!ed25519Verify(key.publicKey, message, sig.signature)) {
        throw new VerifyError(
          "SignatureError",
          `the signature by ${id} does not verify: the note text or the signature was altered`
        );
      }
    }
    return parsed;
  }
  function parseCheckpoint(body) {
    const bad4 = (why) => new VerifyError("InvalidCheckpoint", why);
    if (!body.endsWith("\n")) throw bad4("the checkpoint text must end with a newline");
    const lines = body.slice(0, -1).split("\n");
    if (lines.length < 3) throw bad4("a checkpoint has at least 3 lines: origin, tree size, root hash");
    const [origin, sizeText, rootText, ...extensions] = lines;
    if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) {
      throw bad4(`tree size ${pyRepr(sizeText.slice(0, 30))} is not a decimal number without leading zeros`);
    }
    const root = b64decodeStrict(rootText);
    if (root === null) throw bad4("the root hash is not canonical standard base64");
    if (root.length !== 32) throw bad4(`the root hash is ${root.length} bytes, expected 32`);
    if (sizeText.length > 20) throw bad4(`tree size ${sizeText.slice(0, 30)}... is above 2^64-1`);
    const size = BigInt(sizeText);
    const line = (what, value) => {
      if (!value) throw bad4(`${what} must not be empty`);
      for (const ch of value) if (ch.codePointAt(0) < 32) throw bad4(`${what} must not hold control characters or newlines`);
      if (!value.isWellFormed()) throw bad4(`${what} is not valid UTF-8 (lone surrogate)`);
    };
    line("origin", origin);
    if (size > MAX_TREE_SIZE) throw bad4(`tree size ${size} is outside 0..2^64-1`);
    if (size === 0n && !equal(root, EMPTY_ROOT)) throw bad4("the empty tree's root must be SHA-256 of the empty string");
    extensions.forEach((e, i) => line(`extension line ${i + 1}`, e));
    return { origin, size, root, extensions };
  }
  function checkCheckpoint(note, logKey) {
    let checkpoint = parseCheckpoint(parseNote(note).text);
    let used = null;
    if (logKey !== null) {
      const key = parseVerifierKey(logKey);
      checkpoint = parseCheckpoint(verifyNote(note, key).text);
      if (checkpoint.origin !== key.name) {
        throw new VerifyError(
          "InvalidCheckpoint",
          `the checkpoint is from origin ${pyRepr(checkpoint.origin)}, expected ${pyRepr(key.name)}`
        );
      }
      used = key.text;
    }
    return { checkpoint, used };
  }

  // verifier/web/src/statement.js
  var NEEDS_NODE = "needs a node of the chain (ipledger-verify --rpc URL)";
  var NAME_THE_TSA = "pass --tsa-ca FILE with the certificate of a TSA (or its CA) you trust";
  var PUBLIC_CHAINS = /* @__PURE__ */ new Set([1n, 11155111n, 137n, 8453n, 42161n, 10n]);
  var DEVELOPMENT_CHAINS = /* @__PURE__ */ new Set([31337n, 1337n]);
  function cosignatureCount(signatures) {
    return signatures.filter((s) => {
      if (s.signature.length !== 72) return false;
      const time2 = BigInt("0x" + toHex(s.signature.subarray(0, 8)));
      return time2 > 0n && time2 < 2n ** 63n;
    }).length;
  }
  function chainBound(v) {
    const a = v.anchor;
    return a.provenBlock || a.canonicalBy !== null && (v.trustedChainId !== null || a.transactionProven);
  }
  function canonicalNotMade(v) {
    const a = v.anchor;
    const without = `no node (--rpc) or trusted block hashes (--trusted-blocks) were given, or they did not cover block ${a.blockNumber}`;
    if (v.bundle.anchor.blockProof) return `the bundle's canonicality proof is past the trust root (see what remains); ${without}`;
    if (v.version >= 2 && a.chainId === 1n) return `the bundle carries no canonicality proof yet (see what remains); ${without}`;
    return without;
  }
  function statementRows(v) {
    const a = v.anchor;
    const rows = [];
    const notMade = (step, title, reason) => rows.push({ step, title, reason, made: false });
    const passed = (step, title, detail) => rows.push({ step, title, detail, made: true });
    const digest = "sha256:" + toHex(v.entry.digest);
    if (!v.documentChecked) {
      notMade(1, "Document matches", `the document itself was not given, only its SHA-256 (${digest}), which is the entry's digest`);
    }
    if (!v.logAuthenticated) notMade(4, "Checkpoint signed by the log", "the log's verifier key was not given (--log-key)");
    const cosigned = cosignatureCount(v.signatures);
    if (cosigned) {
      notMade(4, "Checkpoint witnessed per the policy", `the checkpoint carries ${cosigned} cosignature(s); no policy (--policy) to check them`);
    }
    if (!v.logAddressGiven) {
      notMade(7, "Anchored by the log's published operator address", `no address was given (--log-address); the bundle's ${a.log} is taken as it states it (the time claim does not depend on it)`);
    }
    if (v.tokens.length && !v.tsaRootsGiven) {
      notMade(9, "TSA certificates chain to a TSA you trust", `the tokens' signatures were verified, not who signed them: ${NAME_THE_TSA}`);
    }
    if (a.canonicalBy === null) notMade(8, "Block is on the chain's canonical history", canonicalNotMade(v));
    if (a.provenBlock) {
      passed(8, "Chain id", "the block is on Ethereum mainnet (chain id 1) by the beacon chain's proof, and the anchoring transaction is signed for chain id 1");
    } else if (chainBound(v) && a.transactionProven) {
      passed(8, "Chain id", `the anchoring transaction in this block is signed for chain id ${a.chainId}, and the block is on the trusted chain`);
    } else if (chainBound(v)) {
      passed(8, "Chain id", `the trusted block list is of chain ${a.chainId}`);
    } else if (a.transactionProven) {
      notMade(8, "Chain id", `the anchoring transaction is signed for chain id ${a.chainId}; that the block is on that chain is shown once the block is shown canonical`);
    } else {
      notMade(8, "Chain id", `the bundle says chain id ${a.chainId}; nothing in the evidence binds it: it ${NEEDS_NODE} or a trusted block list naming its chain`);
    }
    if (a.transactionProven) {
      passed(6, "Transaction hash", `${a.txHash} is the hash of the transaction proven in the block`);
    } else {
      notMade(8, "Transaction hash", `the receipt is proven by its place in the block (transaction ${v.bundle.anchor.txIndex}), not by the hash ${a.txHash} the bundle gives; checking the hash ${NEEDS_NODE}`);
    }
    notMade(8, "Contract is the published EvidenceAnchor", `checking its code ${NEEDS_NODE}; the time claim does not depend on it`);
    const sorted = rows.map((r, i) => [r, i]).sort((x, y) => x[0].step - y[0].step || x[1] - y[1]).map(([r]) => r);
    return {
      rows: sorted,
      passed: sorted.filter((r) => r.made).map(({ step, title, detail }) => ({ step, title, detail })),
      notMade: sorted.filter((r) => !r.made).map(({ step, title, reason }) => ({ step, title, reason }))
    };
  }
  function remainingWords(v) {
    const a = v.anchor;
    const items = [...v.remaining];
    const bound = chainBound(v);
    const proven = a.canonicalBy !== null;
    if (!bound && a.transactionProven && !proven) {
      items.push(`that the anchor is on chain id ${a.chainId}: the anchoring transaction is signed for it, which binds the chain once the block is shown canonical (above)`);
    } else if (!bound && !(proven && v.trustedChainId === null)) {
      items.push(`that the anchor is on chain id ${a.chainId}, as the bundle says: nothing in the evidence binds the chain id; checking it ${NEEDS_NODE}`);
    }
    if (!a.transactionProven) {
      items.push(`that the anchoring transaction's hash is ${a.txHash}, as the bundle says: the evidence proves transaction ${v.bundle.anchor.txIndex} of block ${a.blockNumber} by its receipt, not by its hash; checking it ${NEEDS_NODE}; the time claim does not depend on it`);
    }
    if (DEVELOPMENT_CHAINS.has(a.chainId)) {
      items.push(`the operator of chain id ${a.chainId}: it is a local development chain (anvil, Hardhat), not a public blockchain, and whoever runs it can rewrite its history and its block times; anchor on a public chain for evidence that needs no such trust`);
    } else if (!PUBLIC_CHAINS.has(a.chainId)) {
      items.push(`that chain id ${a.chainId} is a public chain no single party can rewrite: this verifier does not know it`);
    }
    if (v.tokens.length && !v.tsaRootsGiven) {
      const names = [...new Set(v.tokens.map((t) => t.subject))].sort().join(", ");
      items.push(`that the time-stamp authorities (${names}) are ones you trust: their tokens' signatures were verified, their certificates were not; ${NAME_THE_TSA}`);
    }
    return items;
  }
  function developmentCaveat(v) {
    const a = v.anchor;
    if (!DEVELOPMENT_CHAINS.has(a.chainId)) return null;
    const words = chainBound(v) ? "is anchored on" : "names";
    return `The evidence ${words} chain id ${a.chainId}, a local development chain, NOT a public blockchain: whoever runs it can rewrite it, so the time rests on trusting its operator.`;
  }

  // verifier/web/src/jcs.js
  var INT_MAX = 2n ** 53n - 1n;
  function canonError(reason) {
    return new VerifyError("EntryError", `metadata: cannot be canonicalized per RFC 8785 (${reason})`);
  }
  function str(text) {
    if (!text.isWellFormed()) throw canonError("input contains non-UTF-8 codepoints");
    let out = '"';
    for (const ch of text) {
      const c = ch.codePointAt(0);
      if (ch === '"') out += '\\"';
      else if (ch === "\\") out += "\\\\";
      else if (ch === "\b") out += "\\b";
      else if (ch === "\f") out += "\\f";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (ch === "	") out += "\\t";
      else if (c < 32) out += "\\u" + c.toString(16).padStart(4, "0");
      else out += ch;
    }
    return out + '"';
  }
  function serialize(value) {
    if (value === null) return "null";
    if (value === true) return "true";
    if (value === false) return "false";
    if (typeof value === "bigint") {
      if (value > INT_MAX || value < -INT_MAX) throw canonError(`${value} exceeds safe integer domain for JSON floats`);
      return value.toString();
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw canonError(`${value} is not representable in JCS`);
      return String(value);
    }
    if (typeof value === "string") return str(value);
    if (Array.isArray(value)) return "[" + value.map(serialize).join(",") + "]";
    const keys = Object.keys(value).sort();
    return "{" + keys.map((k) => str(k) + ":" + serialize(value[k])).join(",") + "}";
  }
  function canonicalize(value) {
    return serialize(value);
  }

  // verifier/web/src/merkle.js
  var MAX_TREE_SIZE2 = 2n ** 64n - 1n;
  function hashLeaf(leafInput2) {
    return sha256(concat(Uint8Array.of(0), leafInput2));
  }
  function hashChildren(left, right) {
    return sha256(concat(Uint8Array.of(1), left, right));
  }
  function bitLength(n) {
    return n === 0n ? 0 : n.toString(2).length;
  }
  function popcount(n) {
    return [...n.toString(2)].filter((c) => c === "1").length;
  }
  function decompose(index, size) {
    const inner = bitLength(index ^ size - 1n);
    return [inner, popcount(index >> BigInt(inner))];
  }
  function checkHash(name, value) {
    if (!(value instanceof Uint8Array)) throw new VerifyError("HashLengthError", `${name} must be bytes`);
    if (value.length !== 32) throw new VerifyError("HashLengthError", `${name} must be 32 bytes, got ${value.length}`);
    return value;
  }
  function rootFromInclusionProof(index, size, leafHash, proof) {
    if (size < 1n || size > MAX_TREE_SIZE2) {
      throw new VerifyError("TreeSizeError", `tree size must be between 1 and 2^64-1, got ${size}`);
    }
    if (index < 0n || index >= size) {
      throw new VerifyError("IndexOutOfRangeError", `leaf index ${index} is not in 0..${size - 1n} (tree size ${size})`);
    }
    checkHash("leaf hash", leafHash);
    const [inner, border] = decompose(index, size);
    if (proof.length !== inner + border) {
      throw new VerifyError(
        "ProofLengthError",
        `proof has ${proof.length} hashes, RFC 9162 requires ${inner + border} for these sizes`
      );
    }
    proof.forEach((h, i) => checkHash(`proof[${i}]`, h));
    let seed = leafHash;
    for (let i = 0; i < inner; i++) {
      seed = index >> BigInt(i) & 1n ? hashChildren(proof[i], seed) : hashChildren(seed, proof[i]);
    }
    for (const h of proof.slice(inner)) seed = hashChildren(h, seed);
    return seed;
  }

  // verifier/web/src/leaf.js
  var METADATA_MAX_BYTES = 4096;
  var MAX_METADATA_DEPTH = 64;
  var MAX_SAFE_INTEGER = 2 ** 53 - 1;
  var MAX_RECEIVED_AT = 2n ** 64n - 1n;
  function entryError(field, reason) {
    return new VerifyError("EntryError", `${field}: ${reason}`);
  }
  function pyType(value) {
    if (value === null) return "NoneType";
    if (typeof value === "bigint") return "int";
    if (typeof value === "number") return "float";
    if (typeof value === "boolean") return "bool";
    if (Array.isArray(value)) return "list";
    return "dict";
  }
  function parseDigest(text) {
    if (typeof text !== "string") {
      throw entryError("digest", `must be a string 'sha256:<64 hex>', got ${pyType(text)}`);
    }
    if (!/^sha256:[0-9a-f]{64}$/.test(text)) {
      throw entryError("digest", "must be 'sha256:' followed by 64 lowercase hex characters");
    }
    return fromHex(text.slice(7));
  }
  function parseNonce(text) {
    if (typeof text !== "string" || !/^[0-9a-f]{32}$/.test(text)) {
      throw entryError("nonce", "must be 32 lowercase hex characters (16 bytes)");
    }
    return fromHex(text);
  }
  function checkReceivedAt(value) {
    if (typeof value !== "bigint") {
      throw entryError("received_at", "must be an integer number of milliseconds since 1970");
    }
    if (value < 0n || value > MAX_RECEIVED_AT) throw entryError("received_at", "must fit an unsigned 64-bit integer");
    return value;
  }
  function checkValues(value, depth) {
    if (depth > MAX_METADATA_DEPTH) throw entryError("metadata", `nests deeper than ${MAX_METADATA_DEPTH} levels`);
    if (Array.isArray(value)) {
      for (const item of value) checkValues(item, depth + 1);
    } else if (isObject(value)) {
      for (const key of Object.keys(value)) checkValues(value[key], depth + 1);
    } else if (typeof value === "number" && !Number.isFinite(value)) {
      throw entryError("metadata", "numbers must be finite");
    } else if (typeof value === "number" && MAX_SAFE_INTEGER < Math.abs(value) && Math.abs(value) < 1e21) {
      throw entryError("metadata", `number ${value} is an integer beyond ±(2^53-1); send it as a string`);
    }
  }
  function canonicalMetadata(metadata) {
    if (!isObject(metadata)) throw entryError("metadata", "must be a JSON object");
    checkValues(metadata, 0);
    const canonical = new TextEncoder().encode(canonicalize(metadata));
    if (canonical.length > METADATA_MAX_BYTES) {
      throw entryError("metadata", `is ${canonical.length} bytes in canonical form, the limit is ${METADATA_MAX_BYTES}`);
    }
    return canonical;
  }
  function metadataHash(canonical) {
    return canonical === null ? new Uint8Array(32) : sha256(canonical);
  }
  function leafInput(digest, nonce, metaHash, receivedAt) {
    const out = new Uint8Array(89);
    out[0] = 1;
    out.set(digest, 1);
    out.set(nonce, 33);
    out.set(metaHash, 49);
    new DataView(out.buffer).setBigUint64(81, receivedAt, false);
    return out;
  }
  function entryLeafHash(digest, nonce, metaHash, receivedAt) {
    return hashLeaf(leafInput(digest, nonce, metaHash, receivedAt));
  }

  // verifier/trust/mainnet.json
  var mainnet_default = {
    format: "ipledger-trust-root",
    version: 1,
    network: "mainnet",
    chain_id: 1,
    slot: 11476992,
    historical_summaries_root: "0xea683f50e62fec2100177c9cf2ad74744b096c15cc00c61579c336411994232c",
    historical_summaries: "BgJCft06rY/2mMdfMpbaWzs+GEpdef25YbwqvMWz4IZHZr+8t4ibrndiBK43VBYVGWJEgVqtEGg4un2SkFQ0nQAS12nKruT+3RhXpO0Oy9K3Okt2nsNG7TI3R/CydmQhLcvPAb9wyqvExjLODELYGdFALfEjIfu2Pjd+fkSoTjXkPkKI8RzcJROT4Zs1cgnUfYH1NTsCkbON+SpwXKEUoJGgcL3K6MxuGh8OaXZv+25r5AXDx8klb7fjDUjYgdzc2TvD0NqBVAJ3v1fxeeFS2rqxC2Sohljv4RubVyutcuoGsXVewu0ytmdoBNcQ2UtekP8N+kX1c7QswlLKyqSD/rawKJKfRkzM1GxxwyQhrg5dy54ydefQ/w2WaG/w6FLbai/e1GqIRmNDodDmH9X3nY6qr6BcsD4leKgT9ak8sqh2UytAgqGIZNlAtsk3meXMriYoPRAKQytvegA2VZ3z8d3/V2NrRBpuj2LSyuugpAr7TDK9dusJ9Y6s6RsqzzEMeuVzjpXK7Y5ABGLINXM2ixT6AqfIsU/KrW541KAsfIT5p0yud57CYk5v4Y2qUNdP5TXVPmvbsv/B90/VJFfIWcC3PEFb+7w35MSLWW/62Z2TMe+3aknvj4Hv+2NoZnF++5sdt9TtzWk8jkuOHLxqlsTsEBxTZXwahtfYDVgXG+6Hqkxf1UO93XOKwoWiWAvffMQYzc/4TBd34fe9iGjvj2h9Fo7n7zR9Oo2HzeTXzFXi+xAbDeopQT/RD7ft+rZyXtyzAaBYE8gpGg57dd8OvgWgEYWKzNSYSqZ7p2nIvpkXKObb8a9BJZAP7qzNR97cErRio5f7T8MbUTnfr73cmhV0T/02ckf0IxzTZpzgaa9aOYGWn7tlWxant0trah18i6h1svvT5/TruIuPhZ9er3xeLFjSP2oJlm0Ft5Otz9sT4WjnptMi2FOFhV8FY/0rXcYJxYlSRHXFJ/gUgTjtNAlKblwdOR88yr20ie/pDzd6Wgefrb1wwp3bG9XPemMz5AF4pUJKx3WmGSPY6j8CGRE1lPFeVJ/tHdSgK1uLzzPUkbVOQz6eKycaU9oUnVrio+d1VF1uVcYQhQQjQbV8raFwKVPLOX9wrrKBOntEaOisETdWg8EalsniGhoOV8x3Vw9I4sOo4cg1Ew+OtwcCM+u27jecbWpXkEWb4T5uNjeuHLWNg0SOtyZd+hhE1NQuTmsV0yltiAqLZ9v547fpgooBoKxsV9I96nE6XMlmMbtNXPP31nY6cN5ltaRfCbhr8IJVqFTiK76SB8B8kuN/JPi0jvd08I/QxYylHP+9pl+iLmLK0r9jMGeU+cYFQmfqNhvY6QOO25B4H/xNakU5S3MYsgNcgnoQoyVBAWWGdDtk6LKqUoJQ7BRmIKCGFubhL0oI3oejFeLsny6RLHdBAJLqWlx0qwY3ie/OgLb6+Gf70kYvYPLbRCjTXHu8LtKsKEfOWuC30dFTvFER2edJHEPLD0MmaXlWWTqRi9dcrq8vvFkpb1DhsAI0xbR7I2PWczGJZmD5gms2etcXng05y1rLgsvxRfLuqFSHgx6iG+3R5kM4ecdnna++SUhuXO42MyIYQOANagnit+ASqD0io/S/U3LSQzk1aIh1HN/NCG/WZuXHXyBFg3SnvL/qSMcIaVTClrG+LlvNAhQX6obrU5JPVl7H43uromeQ7stB+nkDzW21Wue2+pAnI8+pZdBTzN7BWJVF7NsaLpSfZz35hiwjJ6E4Q7lXBAJBNZSAu93TKobAMYN9jIuHckpjOasmvTnvoCpTDosd6ZX/uX5cFu1QF9TiGALgpTxy5TsYybfc/bHoSh06H/zng4fjjrL9GrtkfmGdCaid9g/DO66uclrr6PZRlMAheFSYZadeBymrsQmv+bNSFZgO3DlTnS8cu3QfJfiFKc/TVr2zIvqzE2b3h+2GnngcA3k7ROc+GYY2SRxBAslIjQjUWFMnQgjbeP5a8uu3uCf0FK5t24zs+WbsP+5CalDLZ/ADtCZW0lcexHeHvw+umveErQ2YPhbtAgnoW1VO+1Kc4vqePxcAoQFDG/1cGYqn1C4TpyFGfyF7wwTwqkajDbYc0Ua6tXCq+bSkQoDBLPJsuxk6Xi38+sFEaQi6BhKaqOWdpHcII06uC94Dw50zlAnJ+3fuTgn6ti7Xl8kqRoAKr7Sr6R9tZa2F+YZ2HaskrkIzrI3GSUElFevL3+Vv7hnPtOTS5Th+t/0fmZbqaw//WuvmtuMAuVkmq+Gt3HsS7DXLR1y4IWwdbZN7hkARdqFpcZNFbYO93wcsHmBBEKGShzbCLgd4rrJgSVs0fnZeaJIXrp23gYiAnCAVdQmsKMHgANp4TGx5bFKEbzVaxf7nib0CFg/jGGqWOiviNHoqSOwBF90/lr7jtp2aVmBNMCrI2oSwvrf3INq9tJURtNW2ICDuNAUtJEnB8HptF0K4mipj4aTYrkYI2GNQ0eZGo8NO/HuF9/APIUKOLSSOo/kby2wJocmMEleg7Q0wjEFLM1CT7E8ZR8ZhELoMUyCRrFmMH9RbPNMobbKx2F4VBc3N+ZwW5xHRduJ841QoLuvkuSKRV7Zx37MLrjkcY1iVxmgngiQtU/IpqIh3joO0MYXGi8I1HiYAiw+vNFxMsftdSYyp3i+0dwoprHTlOLTaaeVOhu14M96BsLRBUnh7fNn3SaU23pLNG/1X7ZGmrY8G3Dfk2LJZc+Coz2s7ZehBOapHJygKeYeRUAc30t08XNWNnPyAuraQnHheT2hzjTKx0BGd43MKVSE9mFGpsHXx8hAf81IkkMTPEfU/e69qPRT9MmOcy9coGtmgYF96Vxwm/6N9L30BWJa4q2LMENUF4Q6YccjTXNwBjYG7eNeEvRnPiBEMaO7goFalo11n4Szq7uBFnO8P/v2yXT+dGaI53HLLBBOkeePfwvGc3SXj3HBDpOTE/nOVvwRgcBLOwmO/H2F6w9SE4SPe5B/P5T5xC0XtOLlQCpJgOkiIX8EPG7mHA3IgVffYqQsCAErwUTaq3gqY8jGkxF01NV4EGxM+lDZSGkFmjKJjIegUIW0124lm/o3ZYnUYCnFmXxmrzAqqxAh2OIgP8giPGberHZ1J51Q2fasE7RIRSFJ6s13moNUjPE2lmiODPpdYq1a3I9kMkGAL3HK4GZkpsqZ6gq6f9ZMXIc/bTEyP7L6Z8/Ml1Jrkh6QP7+aQRW1gQzSQqXURl3ixLgJ6+MthIOUjDyF86um6x3D9cDeNZu9M7NY/h5n0bLCXsH7zaSO9wCUJWnc1W5N5B2gUBWoRerbYzBWfWIr6uQhAcZm04Zob/4rksn4ILrb+uhBTB0faBgbDZpuLv6WTsqxNeNIH9/kkTk4AEu0X4e2Yg5O10oKtpTVT9bdRMcQBFclEwYLnUsRXmjBd13WWFezwbKIsdAYJQObLh63YvLbaMf1D0R81iPs1O3nfYFnGPJ/vtq7z/x0Q/Ci4Nxk3hN2fC8i9nI9ii/HmnFbHE4Q3D76wlhlj2x+Nl/fURa6lZaVWdPV/gEoDeOMCxKgRObZUChWG5fCTKnwdtoDe/k+dPnWghS+rRstEBK/ooXdnCszgVhvoVxeVPViMgip9NnhGQStQrYYjYNv2HQzA/+OcLgibKnamK68huaStmZZ3X+pUdDomAC9y/qaRLtaAWQ8DAiUn/6JqGq/XX2PvXI70gxvPFNsG61+64RrQJUPvREf2tfro/kAfja81FWvYqxoCeh80MDeI2y5P1m68mD6W5ETK5VV8ZRhu/XwW9bx8V/sytqiCW5iY3dqizUDV/wsfFSLnMvf8bIsv6j90Av2mFk8Opqs6WHBeoS6rD8saO/E1yOckI1JnQyd5z8GloFg9v4uUATEqBuTTp7hTXTuwYslnMJWpH/8K0lHiBFW5kRXDosBeqB1TX1/AJCzZasptnouHfDMhdO2TEzbB/9PyoMpEN51+tlbsBQ8GDP9Kw4DrmEsX4Qsdj1R1ortoXYiEdjd/sQucdE4KLafNLr3+JiZCow/U24beuX14bdWUjCx/f4JmoG2UIhX+pmjWCAm7014DujXRcL4oLhIEShHDYyfLSY7Xbtb71rUvd3MrKsBLUU/b+/wZdoRuiZOxT7y6q4gfD6QkGLtBp/MKXKNGcA3YcYsj7l24znzq/9ImQBUSfIx/UZkayjzi+ZujrZQD3OWcGXZBEqg9+F0BQvT4ddnyqq/XEg/Ki9+ogGVzLIdmfJjZ1F19sXBXWd2kFK3McVJBvcMwEXy5jHOhfK5nI1NIjtry4g1A9CeyGbwrSGtyKWzTZ+bKRkiNYz6lFDhDUBZN9hrY3/uCIzGZ7hAQBSVzi8+wQTXz2s0M1Zt1+pnkXsMFsKN4Cv5TmbqUkeXMgeJr/TNdiS+MHlQtgKsIYL2kkwSloRpVVDL7KERoLjvXEZDMjYq99a5YJPPfEmz++98C0cRrS8fsuvRFSivBNFSBnkKNzxCqYqjTth5JrTOnHgmY1n6VvT+WRXtJlfGGFtvFhtXUEOzhz/qPMywS53QY71FHFjvFlGc9KKUwmHIz0AsL/9AX6e5kEM/DQ0F43INZob00rZq8GQiHmgYtxOC0cLqG7csO+C9IgHIhTidQCNkS966uk9KIKsHYbmiQ2bLRiYn4ONl53uwxnrcU4jCtjSfOXjr8LTn7Y/XS6GmAwjt81O0HEVIdHdMELZqadbhHnwdlc7vBIKNMvDBJAnGrwFLGSVIpXl+D6I658fYcgw/potZTfUu7Qe3kY4R0YrL1MvwSHaRBkg0OKgSSmFDkxptfeBic7htnpt0mCW07ciVsUmdONLImrRz+ky4+HvSl6OjPVIhhM5MIQj2FjVfvR4vQk9NWgAD8bAUoU+TZ2OlPDmqSZfIuSERxWl/F0sSQriRfg6mXtv/+zGK3/5df5SRRdZ9EzRWTez53Jkxkoi9CSm9FaJ0eEvWixhtP2LXZWc56RKc8rSLmMEJuTeb9kCaqLgYtdBOb+YljyGTv/1mXFhEtYI7GN3KWkg0wfLzVpwISBLPVr6OO4Z4v1Aw3ybuQ/TyQ9tsFIhNt5catwv5bweuE5CNY7fli5RF1Wr/vF92hLenXHGDCCz1k3fDQA/PTol75addwE8rLa2emuI7RaWYqdyWzxDlOC0gk1dycgrvE2+gNoj5O+2uxDjERrqT9kD6jJmMBGOn7aJ2h3nY4eyb16bh6gQawJeDSjK26VuE0AbXKSquVa15m6VXIR2Q/gZEkGkbZepEnGBolVstBf53uU4ieffcvHmmMBosaGF8YmO6yGOY4Cpo3n8vUDbIf9OSTAorXZ1oxL9+KuHqNl5eKcyq80h8o/FlnGKBTEmtWf+ufBvUXEdyTh21cU1NJ4jCJMp7+O9AihW2mDILgaLFtjd3zG8KFZwNAqlTl7+iyeQnnlxjA+QmSyW3sGGRT9ZuPrLaKt+qAiYnLTbBcv21LYo6+cX4njueaZaD4iS/y5RhOcHQtIOp9JlK5b2CZfhP8mH7Ghs0sQbopRdJ818SP8Noc9RL0ijd2cqHNaNkkmlnx5Xf8zxW/AZuqfCbzeY9CjyuD7DXjGWu8WWZrx5ZpqHbjYlvJdDHsG/9h1Rpb78KeDeuC61yRHZBUqZdixf1gE4LK7Hbihmn8b6VJ067zdZAe4YEpAjCdNlh6O9QJtorHDA3Oqg4n6Up5Sjf8rFm/F9T6dz30f8HJUB3yls4YEPsZsCUHZPBpJk007rGwuXRbS0qQLVkqtKeLgBk7Btb1wYPNNVusDu1vV/yNVKBdDdD8VtxBxtjoa90FJ+dwbAnHPsNohAFDqzK0yQ9w6X7KprzErxiWX9zegsXU+70fHHnIAU0g/VoaXLgx9g2CtbcKDsjZrf1UhD5sEegcL0RCQIRAKHArs+FtVZwUzumhUtC7e1H9Hck6IZHXBti88166DGFDZv2taD0io8qDjlP6lH4rTB1tVaAWLE5/1DzMl7HsEOtW228IL1ajtdNnyTgWyyTxss6xhH7sNOwjWFST3rPirrTN4u2e8iYGj2Z61Zsb+ipSQMKGfPTrX1kjprfMdovQ/4D04RGX4u7CmYM61Mm0+gVUkkkxY0sOC99ihfbnExPNteGSdRpU1/O7N1rcf2W7Ol9PuHZ16aZeRFWkP9W1mH6VFZYnr+rAHxRnzRhKt3VFr2p/wphG0hWsQOrSspsUbdO8EqrCCWGDUoAS/XXGTBuE0zcbQ0cWX9fr2TFlgRiqu+G1cbddyO9SrKS8+yIe0FsY1GxQW9hxaV5xZRXADbGVRcRCVqQTg8ul3CQQDs2cW2okIlJSGGG67KIZJZMaD5PLVxkMGu02Q3XKQ1AiFQ8ecKDK9ZHJ+Z4ywZipy8afVJ6+DljhGk/EtR0KHH+O8U7ry72L9JmluSEMNGkgAuvcS1XwXPaxTAf3BzaKxReeWc43qkJoLcLSP8rxzryitTRwKHmr/X5CRzXJ7ci+itQsrRsqRRaQ/9Wq4aryagmnm0M6MBXQZxaPongJ8NE1WpQwahOduiAkZ+3puix4umO2w+/7UcIcBU96Emg/KEQI3kRLVUv2RAeLgPjLOKr8MdaSuXdjCBArKoWvjtdm2HC3G8epnnIWS4CqWGthu0pa8ECWI8EvTbU4v004EtFznb8i95RQcADm0rL+GtmTDD8feUSTKSIpWq/etG/ApG6r7eYR39IVpFpaZuHyMLSqZAVYHBjiWrlr+fL7XlxoAyh9VtBskdf7+MdRiZQLW4CEPzels10B/9rCMZmk3nHd2wawFe3hbBg281ND5ABnXETf/qprvejnxPlmwtZ6GjSy8Q2M01amyTPRcbGid+Lb4OTP2nvJuHBoAhCvnu7zZtHaINSP61Nb/l4vbXam57b4BUWetPNkpS44P2vK9dCcSUE6XUk2DLf18y3uFv2PUtZ9/I9MXIswn5/D3lHPpIhemZnPJs8RUUcGPmhH+gOKq9AIer2kTERoj5PBatRGnTXfQ4MZYudE1eqPd5AmrKEdW1VBAP5ruUwM7PQs+ywVu2osTvLZzMIY1AzTuJwPk0AIvthZMWCEYkAJhVCNQSHa7nrmQe7mXOD6Dv0vUeblkzlm1mTQwqi+FfWSpbTiUMHad/6MCkOWoTISCyHD+z0F6LEkhWlEDU8WE0dEoQxzMlkwvo8CJZQLHXe1Lf1WKuaCHEnZ5V+KG87wQah0zUvVVHTV9u4ka+1ESs8BUS7x0IQi/hwrhwQpNXxZ5r80Xj9wQl4d7gYRz65XKNCbk+RhC2XvFUxlg8D221G6ioOi3hamB+0JnMStVi86n0zDkusgOnZkrU8ieLFjGnuBTihG9OR3bDLxGDKbdyolvM93ZJ+CKMF4Csvq8hyvfo0R51gnomr83oZfwg549CIxB6wZKlBjDV+2cl3Fl4RIszzYCPGFrglnCT7AmlmVGdlljNbaSpLhRPQbZKwv9s7JIlb/dnARI0xUnw2AAJdGzVGDWTXbKQdJ3VVXaldQ2XFp5dYDJ3P5EsaM8Xb0DI7ZU8+eOQCxxSLdgtLxTIyei2r1FKOqQQKoFNlRumB4FjL8WXDgBBwGSKTNCsDgVc2C6Iujn0Ruu6+3HxIdd6l1gF9GXgSe41v/73rWe4m1dBQj150bDyqPoJeAhiOEfVcFqWn/dTcC8XXP97D9fuzYcAafuoFtJRdCU8pXai6wIq7H0tQyCWODKe4CBv2zCDzOOvoV7T2bAI38K1XlQdn67Xgql8p1SQZD/GkBsquyh4/PvrDTudR+9C7u8ps5Qvu5pGpAaRjV0iLFLezsPUa627HqKlon+Ydn9iq/cnPqQku3ZhEDKA/bWD9sEWrV8wpFLAWzwGmNxpZQVlym9m4BkJoZG7kpheLTOpMjgKn8L4HjfHtbhxZCBfiqmaBT3FagLuWhaDYtj8Ey3PgdLb1PfNOrL6fUE6dt3rijHPe2Bo5SyL5CnRnOcD+wvqERMdKx52eIfK9kOvmMqP51Nc5e3AKqmvUGPZ+zLF1A+MH610l0QZIn7UROlSuZPyJ9lO8iMTB56d8AUtqC1RNmFdkL/n/9E+ZJu9SALyYeKlVQHsLp3cynLQUF98Cd1PJrXclJ2AbvUKgxKlRiOU2PLNvedacLSm0LqqQNkrEppQ752hdkzEHBGrFVo6W/6ch+p2aNt4TS55vX1FGUUWl35+bNG3fHPZLf9JwDVrqKTvAaXxvy+b+heG9LZUSNzT7bOXoCRSn+KhpKZbrxmiHlleyoLAzlx5xfAoSB1AUIN1tkHxmcn0LHOIaBxfEUXVWNeV4xTs1LEs3o5MacUCB4zcqgHBhIhgdyjKPAV/ric3lumdqyHmEMSEBaPMuETw3xw1i/Vf4nAF+1LUNPfLT4GcWNPnTyKJm9t1sIwKOkyMOPFmowfWtf8iGXfTMHXaNOmn6j5Jd9iqIntc5lC7Xl2VvydrrgYhj86VscTp7puLngG++tK+0yxVpj1cdF0sUYk4Its3h4poL1IQYtMZwtgmLL2vvXnTHrhGxRUMdJah3+XQIyJcBAvXCklHUwnV/63xeQYSspPljSixXDjvZNpaJHH6t+Xl76t93Y1ORM2BmQkQBLLZH9bY0cjAnKUwGxKumvTGZUjgCzj1AgUSvF8Pp2DRMA4GxRQPKHqT2LXESpW5NgYdNMWkPNQKKxFuRo7PCjT2C0WzsWunoKPHAGwc33ex82tR8tKyUj2qYLd/irwzCvqVgUM5cAeg9I+0DhPTE6f7SHYzdQOzlWNiWjvcqwihgi/BfNWZG1V9AF1JStxijYX3eiabRspE6+1ylnZmG3Cjn2SeUpr75PQIS7/oeqmMNUoNHmpLzf+a/eMDbNMqK+e21Q8PON+R6sxi5XNVtRSLLXEZkS3dIdG1Ed+/XbLrqEbp3iH03+fAskCtmnZVEHzFjuPFvNIs6LGmJSTWmNDKKUEpF+VpA4ch2LFEqTv8hdTyeytlg37AmO2CHllOoWb8p+XdjL1Kukg7LLsiI5dFQiwPnX5+xZ6nudvaoQQUNg4bK465rzhuXNkYsusAxsK3pWzN5dUSGtTjCqdJnv6FJHtzENJiqsoR1/pXO/7p+4cd/SgMHdLaDKpfN+8yl/fZSgX2fsryWiys+BuUskcKOTft6VhUxfyEDTeb2JGd93WQ93yxVL3auy+7maMQQvYavwv8P/1E1mb2SI4BF6CfXRZ6XiZ/qXvHdldZXOVsFnKXyN7CQnxMNkTp5Av9TYI3iXJ9tWqK85nf6PIoQH/rofPslQTfqXmez9ksVnhzL7vQye28iIa7RladON/JOmsGTPKUl7dV3Ybh6M2DNDx+rvFsZWSntM/O8LftchVG3Db3kFj2BZh14EYkbOsB3R1dJdxyi2wjn7Nx6TbsJO7r5w9bbQ/o8Tn1S4TnHuEyD/v5zKFNcev/12cGRZK8LE4FwGkuEGAUC0tW2NWnBSMeSJmVg8qm0TCVzqP+vyQ+pM8GtzTlXJaYmuTrvjwm2PBHFt6pAhmt6L0YuaRuU+XbTmSPpc2dPKNC2A+6+4JjAIjU0uodFNEXMyLVuTDuL39NiFZRYhRdpVonh18t+rWLe+6u6wltzqORNLc2OxABdBDvnE66BiKWVhbCsDep8TAf1QkaeUg3sS0DZ06nTZ3MaZfwwCwh4ckDBURMFGgtVEm7usNAZ1/fbYxHNG2YbulT9plg/lRQ35Rjiweui7m04n1FYfSBMGbGM0s4+iXWHlNJ91ZLMnZaR1EeOEIKn1dxq58j/D7QAn+1N6q9/egZoObH9CAxSaNYECZWC5eRhUYn5OJgL6mNho09nJmB/0B/gPK3FIN8v7MTgHZMetIT7za20+phtWV+vnCSiqV+u4GyO5axTGzFjPEDehtoOY+q9XFQpCXLdzh05cjB2w6Zeu+mpJMhoDETjvh3bHOUG/K3RtyjzSvdHoKrG5brF1PJuiiQTTuO0LNZGm7bbrJiqtIB8nB4EnENJD/xC+ajztXyfM3ne99B8AAuxKQR+tD6BguzWh6fk2Kg8qiBKDXoquQouVqca3NtusmqnPnqnkgUA1lFQ8FIkl6SvvKMXKeLGDTcI60/TPyDsl2mUke3iqOwL4FZxtFthKdfp0tnBXAYEYmxKS646TldZbMY0fp/jVNRG/iuMKeGzJ2pZSs0Do3ZEmSpUWPc7N+1RB+/ziic8iivGHRanjC5XR1qv1osZUp4vonqHJS+1T+m0JlnGYBsdtOa6osVfQISVQL4ft5Zl0dyCiYGKZBeiGFTF6np1ajNCIECysJi32wDnXaNIPUsOgcdxfEqHVi1odcd0AnI0X2wn+EiJOOY1d2CtPSJNrmY60e52HVRPgqGg76/O3/G1GBQm+yWvP346ZHWVnSWHjPKd9JbVoDzkRAdzc7eVeqPKRVKrKOjGTTZSGIBYwMZbCVqrqLLScFkBqK1tAuR2v2JK+8a8lMLeE/0p1FDqUm0oyRbXbNwuJqG7QUs7CV4p9ghYDQ7MF2exeVSTJn9uM+xTr+zS0mJqGzN1eJZv/W9USHZO0pxIBq1Pz0YbUL0tMvReAlAGrdR8yXb7eCzHzpXdceAimzkKafOtUMp7KVH0g4/tyMVIUmxj1vbMugtyOQFDggTZ3Z1FLVhc7mgv/YMYwY3qVsD+mjh+btdlGPo6H3B5JrKXAbtfowrX3laIeVxMBd3ChFe3531leDlydqcVBH7dTR3KGyYLu8phiBTptmU77jmFOHU43Lz9ojRG6CaKvDlOeKv/DqE2I9j78bwcqxvU9k0YIdfjzY3t59DF8HrF/Em6wCMNJKRG73MpuloIOap+OHCDY9q7nMWuYkwFzme1424SXptemTz85I0Vl61ZPaAxZjvCPbIz+se6EBdIXsA83eoDXlyFKEENQxgWo48szwapTjxKwf8QjTqMosIcEjMvVP9xSn2xC3L4CbuGBGs9xiIRfJE0bOv6ZYga2Z/VynCeF2uQu4gVSencXXpxBwW9RbC+DFiVw8BdA50KA3PeqmSMk9rC59NN2ij0oeGLTyPBR3A73I3mg3SqeM8pm7kUh2XcFajuUWD96ADAFJYsPDGcriYteQ02RguGD7pdkOzyXEpogQKBoxKlwyV0zDY1Letvrcs73G9b65CZk4KBCGyMJ3j6I9CRVJYVhQ7ZtDbAqdnSTFhGXPAhYEjmJ9pJxThYHbwdbPsz47anZ0Uu4Zx9Z2Zpzc7TKJreeEF2yHnz2RtbHU0iCXhUD9fWADTdQXjPYxrEayPVDIMt00FXfiiUED1lrWFBzyman/vbU3mmcfNNwCo9nYFOPH0CVLZhtdKe+ORqPeMoKBLAcIz+ofFc+zbVPoQE33P8BofHPIVG7+IRN3cQyte6VP4xKYhW4+KZK7KgSEC7TEq+wdaK7TkMRBu38gKIoCW4PRhG6MrYEu/Y5OUkDKHQKA8Ph9D4n2axZhVGrKH5obUPLupex9CxxGXZTswkRAW1ZjSjPpW/FhjxEJeWNK3MFr4T4ZjohedJf7wF8EcemO6IQJYfagaRFxfEw74czx/XuJmEu3ENw5VMvpnWalCF87D2kM6onF2KfgTt6szFlJaFfZ57AeghslCuQi3fditqU1E5xHIiplAsve1RezyKCVauGOCiEgqTSr2F6/jr6vHdc/N9RruF+IQGlO/F5IV1UBZeOQNtkaJyMeYM12hifGmS3XIcNx4jaN3iiV1bOLKHUhlFis7/U9etdl4xG+VvYaYsJzZJ+Dt4mgzjwvu5ZigFPz5nl9fJIWpwK2IPA9ez8aub2aWaPn7vDw++hzC6+s5yjyZbYxrgqJ81AqvKY274pt7s2gcXgX3nXO2Iz0uimbBKV6Br/hGLWq4HTEdmz/yXQ/h/9YbsSDx+spte9J+IIwGjyw4xu4yLUUmf3bXTl6N9TcETjx7Sb/63oN4NGPzyGyx0Lex5Oax1jx036h1GKaSskZCLYl/+0fcXCfPtgouOLiObd9s5G1sOyX2JMcfJbaVR3W+/83JCPXUJZMCmnlG9bscO0B9V/31XMAWJKtKsIYaCVWe7QpudXVW+rYXT8e3PfWWmKY4aYIFUnQ8gujb5GHyHViS6grzHh77nvssPH2OLDiMVDVIBwdlCjcgVzQWo2UZVovYK8c0sErsJEa2o80AVSu9s1emipcWel2DYsgIcvWzT42LWTTkM2xT5Wyc3WMaAm7IS3Zbu97ltfkFGMgPPlJet3NM9wTNdnJfmtznjDoGa6O4skmFOEMeizLqeLTII4gwFkqmr8kSM18E0S2EP3G6xzIgiGqrB4zS8hZSxYhpOHd7xrreLMyQyRmVsNkWlZ2hoYAP7FtvkyEsBTvZ7v+xc9jgER3sIpI6mKQ2ETh3lSqMOGPxas+t6oaIksuuNg0oNL1XW+0O08hOVfdqIx/IKrKkd8djDE3/ZSXQPw9y/xZJsFh/Cqtq3DA3fkThmvTo8Zt/iZRXztHZi0tcCjNBTaV4a/1wDDSCcQIlLUfL0+na45aSlMy+F3kypegsaYz/RfK54Tw5YUd5iCQXEDeRkbaYX5D3pTDqoDp6nrGpXkFP3i6I4AyS1KcSf3Ge1vBHUq5/+LboB3Q65gAcQTREaHIrcwc/swTXzcG2opS9viqbCN18ewMTcHtsYlVlYWZ6z5aaBkFAHjDaM82Zto3fCR02thBfU+1niGdb7lDFFEs1ib4Q+JgNzIPbq7nsdNrB2BRA0h8/LlnYN70fF2tV4Qi0Iw3FOhTc33hbaF/mMUIi1yf2gMju54+LThVd0IP+3Yqyfj7zjzT9xBFoeZALDP1OU6HCTir38dB6BE1LdAN2ErsIi9B4g5ZebOk9unsQijA09I008rgNUOOBD/jcMcBvcOzcOiMRkb0l+K1aZ4eQeP7Bq2oy6eZhn26t99NHw1iruXbhE193miSsIJD+sYwGVpMpk2/2Yorf2IRehqLbQXPXUyb25S9IB2GhaCJkXBFwLcQOUJ/D/BxkyBMqSGKKE0Pvj9LKXLMkQ4afcFII71q1/ET3w+8ze5hBglCpIdV6vxu0lErXIoCG4rh7BHF0CeT60z/7J5JfD/+WuYMsY3BsuVqlTbL7pZBNpZtsTXcbMv70dqRGYmXt2Tdo2YsEKrIc4x5LDX0oy914Acggr5mJlbOwZVbaZ2vlaPtmoOTgjxzQYlMSo3il0OOX7uINXzCXIg0y5WhUjdvBZyIbsyJ2op49NidPIBNoQIC66egx5JNkVpnm8IMGQt+EuGwmANPKgFwhx/ebFQtrc9SvFcQAi4em+rv9uVjE44DIyCG99uCEXH90+IJIEsKA8zYK1MuL50duHP+Fi6hh3YD16v1eSObn0NpMVn9VgN+5TNQKsVjLc2KrUpkH1sCR2ZZ9LAnlAsRvj7lfYE3DYj75hHrAVY22rV0RMNVy0rldGo9q3twJNjhIB8ql2xdvDvrkWIkNb1ADUSwt/On16wV9178Xr5k9QUj/X3OaJMoY5dYvseI3hFM83QFQk3oOvcd0DAj2BRJFSF3/GrQOF7ydblVSbpEsDIWhumKkvsvqPtCPQHu+CaoVkY15ONm2zNDWkIg1mzemPpgqNJtF3EXBJptY2r+91Jljgq2HDHwYrhtfgDca17E1QGvS6QIbVigswxJ6rC13721OSSou0om0rYrjGMmO20d7YrpPkSslKKj0v0GfIvDwUXBArdVpPZJIe4AL1te9XjkmqBFjkZ9RvO4vZ9wLFH7U/i/3EptjHg5Am3YfcRytTtDW1L0u6L7eR7W9HdJ42AgY2tySACj35i33e7xUVXB2jyEtyRbqMnh/6pO2ceAeIwVXn5zvYmSofm2opi8hdKl5uUIyK5u5yB8XCsIeW8Pja++9qKCj4XphuLkEDsSHc6uM5y0a7x3PwFXCLGi8XLab8rcZDmhXsWZOGp6kr6tJut8J8uLPvIUUBKp3pjTto2+VwsEEJ8fDbPm7MC03Yw/KTbQjuZ1Dz94rlQXli9lmBbCp7CfETVnOGxrIdi9s75BznUmuRYVHF1u2ni7/JfjEaCaBdOE39sEVlR2fBkPlAulVsUFIqh0vp27t53feB+HA9acJSdoTih+vs8ZKL6hFhzwn5TmvhW2UCAHtWSn670yLACq/qHJPJck1we2jY3qjro+8zhznqinQBMXhNuFr0Xc/OtagcY1dO3L5InYyxjTq3zJDo6j/JY8iTsD0l3fJPX3wBdCx9zuEnWZBOfIMOUr0g6djL2Zw5E2UxcqXBQFbM6RxPBNdSj0VrWuSr4WfYtZcTi/y7zT5JhKy5rYUMTTMX3gVAN14XBB0b8fZ2rttEIdrFg76MqJ8T3hLVF6TPFMyOfAswzyo08jvpZjg3gD9csnCdqQrtzYK8O6EgsVbQFvdsZr1m89/CxKNEAzmuxEIPTwOKO6FN/xNOc+EyPdFUtQ2VLBEaWhVYsXQvgpqyQOXy+7wl968x1GK8uINkvrOgDGVZVeCMSSUtXwt8npxNm7QrphxMSOP1BfGUaAXjmIO0UeyEx9PFB4/+rRHWdTQ5Iw0Tq2b2HYYramKsWkTzJVbRQKhcYWQdIC7ekF7A4iEzMIPqiXi+UuNdq8koJz9GPrDDS4LhbVwA/vnGscv9MGgeZpsGUpoZ4/JnTowE/g6OR3fUy6RLHwF2pTIVttaEMYxAY64+05/UglLnPpfvnxwTUCzpCckD/Bv0nBEg3HPD7TB25Dma4Y1SGKSG9B6atfcZE98MoogkcvzL+CM1mFGEotCmy1PVIXGebBDSW0ntns4rklUiaK4cFhurHIiWZIj/rhNe4bZPdckKeLwuzQGNDyPPIL6evGMtkQEzCKtDIrdxlqBw8ZNdkUcv7Ed++RzU9dViqPuyOhJdi37/ESxSflcrFkjp0tDHXblgMPynSeLmz6VQ89VlP4/ps4966TeYPI4JNFtQUPvTtpRPVG9hEVoSW0rWDp8UyFWUmlwOvTVqKFtvpl1kjNd+1AWXZbUYn8X/6d0/RQx285+6xCJytqCarBRnZr2keC9vATXqEBMsyuV1bf5noTSdw/uu5He08wc4mwupgmiWiWlnJ6mTPUFIX13HgTYGc1A7QqU3+vj/SE1nd7tQBy3T2xNF2L4xLG+3ukuLpvAf2oXcK1+9c4SRwLYh69fMufcq47AQbGnAcYldh17/9JCkdLDhTpC99UAasQit4X2EonfCV7l8P3q7E6eck/RF/HnlLecBA7w+bFND6kqtIRWA9q71ItVhnk41aiwdy9d2YhPCeJX1lxBJYBV6t6NLkZjxzItArFz90DzB2u96rgsihwPOoLtaJsKN1e/DjJ1LW9tCI5xmPGkg5Q7U2PM4bdgxUhQmHtmVgeOL9rtpHBjaUaC6mYzEuQhd1UYLQbh3CHQrZEdQ5A6VQZ4ZUcI7QcZez10wlGUJvVDU1sX28w1LUEGmInQRb9qWWLUh6yABb4oaqlu54ssvgueUg3FqxDRIWz9qJLvtVz/GRM1n5rPxAMG/IdmIeNIChs1yk2OsFcQfzHawKFKpWtcUpBcdJQKwEggkGvIFJxlBl9bw5KsePqG1ohGfDSzFnmZdQ4iVxIG62xIZoxilSRYGLpe3s6kKJxadw6jGNXe4wFpAP656tKJuKAoVdIFPj6+KWFxs9I/618g02UVixNvii46MA2GAVSedD87hb8jBsxeD1ZAtjlXXT1SuHRNEe6emduq38rXKnf8clJiKBFXYnSoHDo9Buo3Fd32Lci/kWq1d56PTTGhgsWgVC0hBySaffciQ8IvCEazD2hJKItPL4ZYRW22xMdz6D1RDlwY+0mCEqxp4UR4cOsHCEDkd41AC8p/6O2BVWnNAXd9LfyViBpqNWlhJVGCMb3+F2njCqrYqQcSFJKNEwmFOkr8QMOVq6PvdvYfFLDzPP0fAOIpuivZewxS3nQKSNGF/UtavruhEYWfq5BgPEkiW/De7CQL2OYfVgrPq3B+1p81CqmiuxIbb1DOzQ9GseOR3vsq+ufNTn5vHbQAENIQFDANbWFSV8gHInY9Rka6LyBYAR76eMuTIscLBvsg4fCSHpAqwglWysca1oyrojc4o5KXmuDjAvyol/zdbIIyxlXxHxwyXwlAl+9R/xksnEvSnqRJm/iTGMs6Zlg5doVgrbnJgoJwPtHvAep0fANz6hIm0mZiRmtdStZpj169xbzARKAkA918lu3hRcpiicoyl18zdiBFijS4xUpqRfmzrsRd2d2Gxymdd6CX0HkdyL07XvOTCWWMB7SqN58pfa3VCKVWDzwc9nq6kGwKGUOIw22JBrUMyFVkGMJVlMAshhSUEMndqC+zyujP2ddP4jXr4z0ozphMoOwNulY62ssCgHeIJz+eV3yLkDBb4FyJD4zhFm1N2zSUOHJdTXNZq7GiBBFwlG9AxFSHYj6/CCYvetavIWfjociJ6/RXSE6mX1HqwS2+BVNru1WItVCiiiF+76yWCDza3yuVXjPPQd8RCr2C1aFaz1D9XQicMuUNWJjVJkUJTZ67mD9NTLAsLJZWyC4bJvBzoNk26TJTjqVKBCJ9HOxHTMd6KfJenKXTIqvLpoV5jcEim4Qqpta4dSIX/2vxY+Lx1xT6HUwCcFPua369kMzPtwhljAGAQSwF8w4dWYnPQbv1P5+6399MJ5LzZa8+CoHj1V9rTZiX33jsHovLMMEYAlXnpyby14YmYqH0CyyLVOfAZ3iqhF/XzFes+oOYAYTdkQGJ7B1/QXNxdIWq44eSF3kve44fRWWfpr57hV/cpTU//Dk+1DOVSvKlV2RJEOdhc4VipbjMtIfc1NguRbzez8K2v6C3ZMdxAkLuJshBdk8zXlrTYGGQkxMkU/imeyrqagWlZgrfHeB+gotpPtkyqZqQBcPBNvVCd06/IxT7lVUAjQvNfcXZXKQoe5agR+HMfZGcC60BcV5jaPBd3SCGvbcA/9B+PpHTkHX0O3KwbnXOtmDdNyOWtvXtmirs4fpWJ7E/Xnx0b2HXkCYzr1cEUIr4Dax2FFOtGZkDgU52glheMX6Cppl6KuUoS1ApaRTBPuto6gJua8t5YiQk35HklogC8ZfKeTplx2ke1dWJvnfyoGWc24BHu9H8oegTY1vOkDJvkdoywtTgfyfqb/9wS/KFp7bj6D4c50g09nLJs7ihlSmcH7y7sOUmy7D4McdkEXDSH/AT34bD6U20m0nq28xissfjawJj2C+9xmPWSc+F2UmOtPUAIFW/Q2JE5kPJ3q/pKsXJMIy8IoHKGwZLa1beBvVYxHegfGp7T4xTWO9CfFGQCi22VQK7y0AkQvyQGwgPbyvIj2uiM81nyNHOO6p/c84i5MSYcrOG1kF3L5THfknM8rYtQz+aeP24TsE2pCsnXghjOsWNHL24QkEorm8H7QohQAQ6x2qKXNAguWEUjVu1hPfrTtTrKbCFP/JT1zXk8Nesy8/ZQWn2CKO8btenlioNd2QkloeuNhXuDyo8/bqWsowDR8+CvwkoGruf+ytaHGVN6mdwXWKeXXZ9NuXrU1eQepgpxax3Z/GduN7+Xvn8jfMf4nU2bNfr0sLkAKGXm1tETFWPP7JU6YuWgFR1IhqWQhJezwGNcH0VYCbOfAzY8tdg1nGiRTFtw2lVthFmS3XjLDCMYFbtTydPrE5pcaXWOhb2SM/0FxXO4YnqtWhG6gDgNXhpq3k+uAqMpzJIp7k1eEDMpn7zi8mDkTwbhEmIP5K/uFCi5Nt0hayZO4l0zZvBdJA7+euffk8UZ74o0tfzab+AJyIJdsz1zVu0ef44ecNkSrb9usR9VxmxU/HuPmP59wT3Sf+5qFa54M2ImfAWiIwge5QbH6FVsh/aJxYJKSJ8iMtm9YpZiMi6C9EWyn/+4Fvjt0H0UJsAZcT82dsAca+ESb5Tp6OZp7uefjrHLY4FCCLtvmw1S06c2Jsc50rvFAs2GdIQNRtJdR0VxDYqTaIeNoVnAYG1O20uP+iusxOoEDK98LCcC+UVioNSGj/82/mCWt0Fl/qWN0DXJ48jLHUiIyG9XXAu55PuUWqQcrwrHLVicU0EE/i2/H9GFTP4KLr/M8r0EH+iVGQrQptdaU+kYAp3yy+P6DuTMzV7sUcOPas/5oHdi/fz6GJ2B2t2bonJPpIApB3c0ZAlC7qFo4WiI1hBFZlB/CeESmWf4w8pMmqH3ftxnj4KYUqmMqYQdpJpzAvvFwCBHr5axhzwx/+5sV5TQ+7QX2JY3neKzhV3AxWWRxkqGw2vKf8DCX7vgU7m09WFyz0sa9luMICAYX/eEVxnfxI1cgjQlYfUD64Jc6/tOIDGQG5swbGaDKEKc+ilaSf0MF04Y+EBIMj21X8FSkHuRHzcKoC8UZH5DKalDuanyGmdAcvBHvao3V73vOfrEbOoyNQ82BMC83ZdrmDMnk10sZQrJ3LhoX16E+I6TdOgSli5kFpywS7DojmnFQj/4C7nCDofXpOIrk68BxzjKKGfCp4655+By97W9aKUqTstzBqJOD6R9J46r+t0Uf9FvO4ZoE2SUB/1Z7tesP6vodcC28CFJ97mp8za3ullK9uqyOs+JSyv4ydeWoAGDjrngnAWT/kAOl0eOyIQqdrK+lvbNUFoJ9Z2Fy+ZJ3ZoTqxUhJMNb4Z0quH5QfWYb3iiu8zLO3NNr04nR5qFmcyQYe1uddGS9JczycqGJEesYfEI/zXjBScaSwLGkyWxldHRAUGdlu0XkF6bQY7rJnJ3wkTEbIiWEsirNQrib1Yeyqz6kQkI0xcrX9t0w2kiGwKDHRnbRjFaf7NXnfCiy51IV/F2DCg/2YFONm0v6D5wy/0CBqk65xPFNuPq4/3WwFYC35k/PxvThaWXUYMRgdbVJCywdw1KO92JVXTBVQtFzqAR0MvNalWK4XctvboivS7x4kgxWO/4mt8ofJFPrL4CN8XgK9Z14G694J9PRT/EQBXhAp6kka2imv+m/VLhgkMJcON7EwUaIqzNe5EIjaVr6ZLfNXq35WGkryh7HyDz91qH72X4Tiy/OWlj0yRQ7qu+PqN6pje0m7y3N/VJyyWsAVmVTrWfWkLo1E7lZC5fsB7AfxFUNsPsOR3nDg5XgkC15mturvXfq4rlbXSJJ8LT5Cjq84h3GH5Rzs7Q3953SSu+iX+hJFHXPbgIdtqAb3IokLhZkjTJvA8x18NCrfRfhCcBymv8+YY9ZXDHneBUbQ6wMY+voNHLk7Jp88mw+0RqA/wWXe9lqxSCuGHJRBB9LfheAxQf07PJDdpWtsyq0KqsP5KKHRkXYRdFCbQ2FhMZCDiscVFTGfgueEeqKbGWnW7+LfkwGDCtCBAer3uA+hatDIKwuY1BAsFE1pUlC8tgZqxW4KdwynDnwJSZQUfQxPmFpz3enRaRZmmjP+uWeWN5scfQS6SVeKEX5BUWfV5+puFrwaTgZDP4cLR9UUiFaCwXn7UHVRzdudpSvPamLjrZMY5F2F0fWtivHvyXkvR3N+VrvnmbuL3yP39YsBvjpTHYMXoM3w9jvf929ij++uXd43oK06NQaxgWU5TbaeDOHm8zEtj9boGRrguG3SrJdRfqtXBNU2ObjlsWlDzAwk9dLRVIko11YfNpMbZ80gRe/ITehAcTGVY15LHBweGDXV0jz58V/ebPXPGrUG98sX+QhP08BAOl0IOOXi7gVkZsIKIHPjPPQGIk0QXkS6pWiVPcn4CN/Ti5sKxZyr9e2M/i0aMcG0vIig5MRTA3UY1FZJi2uZhENq6BT8XKAufHMZ+Vzu6tKy3+CHM1+4YLqKdJjwEmxUtf/lSJnDGyy1dzlskcY1LO+MfU4kgk3zwn4HKdaaczMPTwlrSpkZorTHpP922a1H3vx1vATYen9LlEQNsHRbkwm7blQSidFTFINF0w2oO1LQcQu0bAP+WvNRu3CGoXkMeF5fkEUo8s0qa/MJFMHDdW6+0naR0C7JUNNFp5NtGpOetDyO2wgX3fngIwyd9UqTxiL2PudyAdr9Wi0L/+3Dgb5dZtKnAamMATeAy49rWcwvtHayAnFJWSCRBv4McjmfqdGvy8JMEyxS7yw/6IEHqTrlGYxNpsTGbLl4t8xIJhEjWvGNWPkI8vkhwenU+BcFYtoLs+VQ58wChbAAUr2ybpnO9RFLGJd+AU3VAQoAkI/yFqFeqaOtfbfIbuFBOuWYJAO7pFd/4rU0ujZv5mnqXdHDam9AXPI+ixgTnbbElopy4EPGes3yvX9oPx/bjs2oS7RQjtdz+upXYH5lbGVNoakyRA7LwH1apOKnyrcxX42yjuR6SmNWbOETUBwuvMHeRr27evuyrJV6fCK6W+hb/Io9WVWBf4y0bHvwzZOVmfE45eZAIjEUP5b8DIngvUJKeXG0J8h4z6RId/XijuDW7xIdUhUusyJXODIbRFZubnKUjHTjcqa3jV+G1VKgvZD8kEidqJ77d7Eimj1aU4Q/RSxCd0eIV91hgVhaKrtMQKXKqbINSSr+ZT1jtNWolwSz4ORTdsQ/94S1uJccKrcQYtpkR/gvDjqIt/BXAEVIDgOLw6LwSPn5iqWS4NKGLFOls8dDvH6v6CKfWCpfpG0WdP8QLvyyh4N3aII3KdA/HB0q+QEfjW1vA/vay4EnIr93D/o1QLb5UnwqGwHRHpUe9fE6+tZ53LSP3vZLnD/Ak+mo4YYPLpO3OJ0WjzA/oXxTsGT/FsPwUNS1bYuJMOROsjsWCLz++2OhJQv2IwQTwaH6NlEoUTnhF5UZlX+jBY0ndDdWwuBIwJq8KNG6+WfddvCBpItGWDYs0alYI3abV8LfHdSo0JHX4w/h/A4QgXV40uSoO7L8nQsvbKtw5SHILeFAE66oZ8+Ue4c2e4huEknZyAxoevXO09PbUjNE/N5oj8AWf1sRfGBUvF6o1I/w5vL/gxzG+tqzjBgUoVXHZ/llj4tKmRBB78lsGtuhtiEQ36zTIx8KGQOXLN5AKeCigR5AI8GN2D81e6wKDkkxFlE/R3ibxd5ecaNS4QhXihRkiMmQ3jsicA2IgEn5+XTYXDEMwOHo9W1c2svWnS/0hQ2OfuguNv3OoR9En+tAN/zAUDRV/wgd/z6VwssNrXRxth/v4+hASa5LOPW8hYlEbvlKVZJZSmGEAmvYLkQDvozh9z07//g8zVm+QfRtsEhW0diCC4eTSMAJbcduMUZcGYmlPexa7/MmCPcHZaiGCGnBUuRSBQeKmem2UjmsY/gubL2AlADeHZLnvBT7GBX8Azb9/G6P/rsMOinJaKSa20iyBUgt2H+hXQKjw14Yfk1C8tJMXHE3Ev8cXDiEf0qTaCk5urGZY8P+hgR+WJa80eCWkhqgaomcjy3lMxSs6Dkc+AYZv3W2ZBLjZDc7z6vzwe9VxWn1LjFa2iJL7OeMuGt6JYS6b5vP66grvCPkIlRtfDKHndDs13s0eQXV9kK2iSWxxYooIIvgDn45o7g7BqAD+mg5EbtR+2BFJaGEzxTrqpM0YB9OVCbUrRnDBfNmAGV8iPXYVQxZ/c82CyLiZWElGTAv0HfqVYdyai7ZCsWuVG1Sa78jFS+diAX+8ez0goD38n+BchTm/z6gcR0YCWUi3PK6Qk+ycwVCr0vnR0w+Uzr4c3wHs/bHUAu4lrtzrtW48A40eC9hFTBws9EPQuSkNlo0foKqYCCFFZeFwtsV81CaT1yfByeymuWZiXjZj93eO0RZN4lPnsRZW81X2FSqhXeF6q8ONRoCV4W4AcDgG/m62tVzW18/pL3ur5/XnPb+sjC/n9L48jr4q77KYPAFCPaBeAKZndhOcJ89ESM4EiLKKwdAqqwC4CJjVkt091LeBJ+sdWRr7D1D5Mr0hJqN5WYI8AVttdm1Xmeh9a5hAeF3b0krxeP8abvJdatJwR7YDU1QJK/qnMOS1SvAUSVuH0LNW5UvWDHPf+pQrp6D+NaDENMu6zJUez+B6cIcEsScQub/kCb6S4MaMzglZuBzs7oEuH5B7GZZxwO8BuyHlGjpc9xk0fX1GvXiQQDNLuTacLM6SsersurhjmF79YAGsg231N5H1Q3Q7ePOQALf0cxf4uw9jlSDC6gDz44RCuvvg+lRRVbbG0X2NI7VRrWSiEVRSBdBOvwyIG2XkW3lyroq8PSx8L+mmVLmXMvbcLXvfyOSB5BXFlIZ0vCx5Eqbduy658bF1zNzd3EFb4aMwczZ/cyNpKbr85Wg2d0uthmib9QCssHVBIIkqVE5tiYPGYgXimY5EZRHsH5hVLiljUbm03Xyswl1qXDvuNNJpqtBAYdzZOuyyUNr7jADRFh/Bd8suwxBhHUnoahnWhExBkpVhh3FwODYeecV8PGlSHWsHmbyQGz9qFE9VfXY7Lv0ftGFGdWGjWuVI2r0aUrIbuq5+KZw26TZXbF1Ps3nliYlXiG3XmqWYO+fOBszLSMS68p84O82ctXNS868LZZdg103gJ/Lu4i+0cjVCr8cEUJwHL9xnO79jRm5jexO7MZ/xU2XVl164YizX/vYbzR4ydBC+9w6EwiKfXBSX7igXiJcchXyN6ory/3IOOsdFHxEa8GLAi/hW+jkcaeYvWDx2DXI+MFwyClcEwyxwBX6TwzSAGRb9tvfvuIKUv0tIFfVnq2yBdx21yw0ZDKZgk/DbzLdV4F/os94huLra40PhubcKZqbsF0509r9I1j40vWIhapn5w6OeO7q4FzETf94aCvTcsVgmM+wmCcfFmVMTqkeuYc1bNSql1D/Klly2uXPuwsKHVDESGu5Qf/laTPhO2/6LnjQXTXR7jB2J8BqXw5nF1J57MXKZZb95Znq06NVFwafLCUTpoyU7J+g8MkeTMnunJ7nxjZBJ/tt/rTOdon2NmKxwZDo5MBnbdiWT62U32BSpdus7U2QCQQ7eVfAcNEOaGxw/rL3uOkIh0LRpDaH543ZGC6qUzeiqDAqsP9BvxWqUTdeDUdCBXm9ieZKvRr6cM1P55j54DhvSLKtc85cef7/rp47rP3/aYjDzYj6nqjeJABQBbkMxG+TtNy+mq3otZiBMORvVc2y5NUImPQyTjRC2esYaehkKeGLpjX2itteHOP52KoOo8rrgS7iCXpjvlZuMKPa9ASyca5KmYTzHwN4gMEf8UTYgUzYqtHXftLauS1sANLxYD3j3sy3HWXxVmG1TwiaIdsemwoZ7WnIGZU2iUya7m06UaMFckqkL+5gBYrovjpWv515JqHp/IEktOEe92QNHSe/dPsc3qM6DASNJ2PbNf+t2iYp2KOGZpWjfMRAm1CLC8BulHnmWkqm8Mo6fHRXJijE7+9c+ToFVbdRHInebO+ko2QMSOj5D10MF/ZsNJmhLNN/Qgawo3xnw7JKzrg/9Xf5V/Vg/h1bsaesVw4jgCOB4crzfbf/8GbMn3Lczj4p/mZkYr64L5kGY6WqWIBFqTzo7V3B0xBdUGQBj9dk0wan5MTeB49v9PYMFSVijdnqLqnfZRD8k3JX5MCvPpr9d2Jj0I43dsQGZTjY9w1/vE0/m/FU4vQ84arI3N1kcIUxR6JCqPaNWsQRkBRRNUb+8q0gIJ/OoibL2Pm0aMrHrcuzfcBaOsE0g+m2/g4g4uNOa3S4E6FXlWW3EDtvZ2Zf+5Wr+2uIup2+YL2+JSXhkO4trpUUJ0sceWQZ3DZdzwgLOFwccTGZ6Vz9BpbDDOnk+laYEOdhN+TKxaybJKQzK+krgurobi4ES05kcavNGBSn/ICcUJpPl5XmKzjbn7pk1R7is1uV1Jb52gQV183MyiKTcqLCN9ki19kT4QyZHSlqr30okT4qqR6u+JydMLNsfwio6eXz2AE0pL05OrhZ4EYC/f7xiJuJQ7hNCvvOuC1bRH3/U8CPPTMh90aWWxUB2K6YwEDcoqCY9uJornKWjvo7HMVwxU1euSs7gupn0iXg7+dBo6XkT+Qa99eU1x8udJjbU7cz5TCh+DUmwGseY2pUcCZ0HfewNb0LXBuhayFPVtQQFxqaOncFE/aWpW4kMaHhVL1hQc/jUQUy/5jIhhkRmkR55vWwdu/oUb+piojGgE74aHjUlQUjwPsGCELlkBiA7qCW4TqhIUp6XtcG0I4/kO/p6+H515Gy2d6phQVC+y+PGgu55gHv0XuLT2jsA9rdoYNI/r6Zfzir9sjFnzrZ/cHQvrjDhkYZL8hQPUvIaA2x6N6hEJyCkHcm2lzr1iB1vV9N8KSox+FJzMLm4V28CGCTO18cenZ2uQ1dsvuxddZCa3z5oUEsQB/kZH90Qi3QPAxzZOMD8K3IoMJi6y5O1szqpTXzZhvdCw0noz6jorMJpfRmuS/S+BT63jKXxGQHdrH17TByp+TXpcyRFfQ3nfBY7kZtwomnkVqS/XTX4G220rFv5JLZtAShjFmXWRjZIoy7Kc7D6vVQTgw3AuR0GqEtMlLvbLYLlltllt3rwlHkk0xXrir13j1Cfs5pTOV47SS9iIIbZrGW9J9RbYqW03zzU01m+QXvPYClrbZV8qhT2gSWDmBetA6eFSx8c3/+cPzjsbRqfNjlTqTWFv4MP8jTycBAYD5yZ/oI2SJi0nYWLmyzP4V9FwPswtLlKAu6sbW3x+805ipBRt86onPVRPps6xdwb8AyhRxGq6z1vv1PghTRuMdus94I+X9IzJ8qYvITi+ykO1V8ePk4xrHhlvcNE7dRESw8QNbtgJNy5Q2wDlVl0OnWne2eomYLUadw7nst3b7UCczu7vZgvpuvWcao9vK6duuLxoC6KDLNcILW0Elm0DHyPWq9EueqkgaVeQkrF2i62FbSsTcqzymxLDgaKl8YCdJszwNRJKkq6RJN3yvJv4JUx2PlD/3FBDYnMD1Lxo5dwSy1vzfgr3iFoiVSjck13/K6zdb+zwgG/GuRvHBJz6G4RA1XAi5nr/+dmbUHayQdOrtIJkz2CC770bIZpnp6vjG9onMOARee1CcdHMU0vuLWV4+sTCPxx1jRO1ScHts5KkdS6CkrXg2e6ekkGh3+T4cEy2q9/5Icevj5Amkr7/5lsFQh6OixRNseaC4zQR9DcG88f391U5P7LAcqMalPS33bmEk+ZOyXGeK1sXiCmYn9ZE2/j0MTenMvyoVlZaEwVXb1AFjKQJ4GwxKBxYKPD0DS/i6zQ4eSvB4JSRsl2w9b263w3Z2a94c/pk5T8pS9xhtvbsHvqRFL4kAyMnBaQ9x4alSeUPr1Rpwgf/LPDyJA/CW4+nTII1FHCV5vlxZ4H2gMfVxoH7M4ydadhBOnfcpEXlmAFEbjOGtiETGXdnJZbOM2lDW/ffkYv6EIGAnAFGceu5vblAmFbTI6NT1ID1YiswHYP+L1Ug/RFqxPKN/9JRieWOxc5Dbrl+xjFGQluJB9P7oUB12XASTLu64qOhgwAh6OpUYOIq5RrsF9IcbCR3IHSMchF+9J12C/gIifYeZnwPuJZc8EyvUMU2vw1pQPEiBXa0OibVhSYvr7sPIdf0veJby8SpXcpfuiElrnUPfJqVS+ZDW6CkuEDrQCURdq0bLeD3USBuHN1pxGRTLV+dEORqmhgAWunQQk1BDop0RKbVx22wbc3bZOSeyJKzme8KoXMP8kfwnYKlJP5rSa8FnuxRKyR8Zr+gU9kUwiJJAqbE5gJYX0rFLcXqCDIU8UDBC6zbhfzZrLImTquUqR3gxhQ8ZSwC7lTz9hKuHTrFO/fNITE+e9KLjmh3OUkptIplALKbif2qzyiXTNL5ayOEDoOSl/VsOXlXF12EYGTLm0LsAisIQDuWw5fXzNyosjclH10+WRuJtbae67T5fnZABLNrf9+oy0fghIL7WtFcYaz6zM+Ke0pA+nqrSznfYvwhYDOA5a01ex6PpL2YwRzHsqemGgPALfkNsWjXZ3tTQxFcktJf9VCGVfhGvaCLXPAkNyrzT/eDV3mtukmAUZJq326n7csTh90N8bj1ePU75IRF5A6DV41dFd34vd78Fi5Q5CmRAFHjnmnFdhmhvhY5NuPlBnkIHfZU50kZgPB7X3WvkDvy/cZ4j/NJSuAtPM6TerxiGPLzP45z30w50+/pbiQC7zb2PUONClmO4B/xfVbkOoDLgXVpcgxcZtGYH4E/RSYr0lacKa4yj8uMSbN4yw/LEMfMG9r3cX3DwjtrBFWHNBSdiryIo96gQCENWPuTCxN7isuUBgJXNW6yUAjKJZusnsBmFZwYEvJ5XqJxR4S870I03wsNKfzdTfITO3+Ve3hvoufuf7jR5zxk2A70NvZf0PzODgA1y2DlgAi2ZJMd74UFmOrgMKfGwwGbvOlOp95j5ipRV1xzoHFSCs60pd2ecnPwdrjp8Q80wf5Ov3nIW37tD4agecndszk4dq2vaU3e5DckXkq40sFH/0LpqeLG3nqq7ikw+HRxmV3zjezafUCDgJzo6cSOKXcg8QpPlH0ld6SFaXYHtwzhGmvCjFzYueIK/KEMqfVrsmkp4S9qeWkDesAjsMLbbrtWbByqNb15m+frzb6ClM3UA0r0zXuabUZ4OMbsTcbEv2mgv9g6yzZOO4G+uFIAZ8xzmyYa6y3Qd8Xi6fR0BFARPHnwPeLHFoQvwF2pMk6s2Ym98YHNmM7TnzJWFDlYsUdy3fop793f9ortqcV9ktHcNC6tPssbmIbGZkP+kLJWMNNdyQKcPX5kkoGEQWfoZqykDM/9qkkeFcl8LeJTsArjNSJeXs5OgAKJxei+g7X6AlPbjjb5KzOoiXmf/M3mdjTM7LhX2ojgprJHlavJH6etSHRh6XU2Ivo0AGFKmF5w3B59L4MbmrMejBjm9vVGxtJLgQa71HdaTLldzHyB7Wn77VHKgW1ZguO1miJGQbiDTkVEBofrhJF7iW1+r1ar8T1y7wwxR3/ReL8Ejucug9phs+VZgUuQ0BZ6ewKe56gswKR9V2i0hk2PmuUT7Mw/J8P0v7w9dAjYbjVBruNEriNTy2yqX8zyOSL4f9Uhmh2Gjqp4Hum4Z5Aw0L4BSx5Hqzjybdu9Qy9GDtNSGGrq5PeecRZItD8D/JYTWNXJyguwjhgqgpA5AaZeKrwq47Am8KKSwKKuoMXLLb5CwIVeV4FyQ3wKaxtDxYr177+bg9NgeK7TXuqYH2K5Uv+WUtdtmP2VKjQr6Qvy00ldTLaigi/DDx6wtYyBlCn+/noaoqhVkAlXHxpAMUobt6kWrGLEcNTvgEVf9WxcmKf9CL45FaEYtNk6VddYisH+xu27JWZE7R7eWo+AwT6rRPpAoKHMl1PukmMcbyex4L2xGSzX8V0PgWzu2a2L0FjokWylWMcuVuevLtOpQR2mwpoGDDhuoGmvopY33E2RmboG8YgJ263I711aopNNElP51hKRgVL6ZCvIb3UdvnnFMYrqn3YlVLvtiJowyu0A4jCY0WjIfr4sIFp5V0xbVLNF8R8CmjHwpOguzrJkKkm0iKuhpiU4irAynseyd4GOqAkisbg/T3cFIzK4wZjSv0agpMihynDXRghY3T/JWFs8EoBGXgOZYyRdXTpLgw4EXq6Z914JWElqZb7KBkCaCq3Hf8PLm0+FU+OWL0ECiEHYCGPyHDgf9m6n756SWeNuXCXVz192/Oxt+8hXHzlj3mtqyxbOmXaEDbCG9cklBJzNnH1igjE1vq14CJoIKMJYQDddNONhlfKML5X9fN5ZJWh+aMQNUOmNO8zk6FQxHQb641JDNCl2wG9bx92zilAbfk4c94HT024I4CdRH2cDQiUOxHSUONO/YjOvqxUVqKJLH5Lr04LVhHAKf4Yib3l3IXWQymj9JY1NxZZ/WuljhmUw7VDeUxP2jTGGTQ6nlnRmI7pz1p9hnHEflESwy0wUslgyA2vhzE4QlFu1WxO+ZMgad9Pi92yS4wJZa/BrDtjMiNReKKsooJz9nApi8Gus7KlcGn365FVXjyIWJzWdCaDjmtNFA5R6tP3eQZtgBkbgB9GF8qrYnUFsbBPm1M8GKz0W0GL1rmjIPfA2fuHLweQ1xkyDce9ups32U86GJNrN44EMxindXmi+mdiAOFqJIkv1fp2r+f6F6JLQPuLQMV30n63Py78xDeOu+IDTIwEzF5j2icmWTiW/uRt3Ba5ktE9dmnKIWrhr8Gm1MH44lJU1ADjUIq0yCDUIGQAzWj4KntgVlW9QgP0kz6XXFXoUhl1vEPc7irv/RT50cT3DD4oCdE82EY6tEBjpZ0hnY1HrPoeXgDGbcDsotLGgaX72DR2Vh4yjWaiL8Q3I9rriPjDHJ3QmrnecFReNWYMIGz3YzF/YNDRhd/3RqMP1rwOjbcsqpiphpQRaVoCjoyoLAReA5BQeG3n0GcBnhfkHK35ClM1BYDxIwcX+emdOpGgJI2PGMU/bRrwmUA1CS2vEK0wiuneY5pD9UGVURl7NxQnOdzxrAPdSupZL8V60IQJeGvM6A7aPDXFS9tE+I7MwpbgxukkgOtRnDB8j1en+dxN8aby8kmn0Q1GbEEw3MOR8Dp7kkg0kBNiC73WGEiHvq0yW8uAS7qjTYbubEkoBiAEjRxNzV8I//TYxrBSYGM01xlC1YpaKwjiBQUjmHdQi8oMmAQPP/qBhnoc+nW+XluVvVzxDYyG1eBiuOzTdMhr+9QuAa+d58+qCByk2mUA2Jd30qPUv/bxQBiyKLz/8c6nhDINoDGLn/LgLlFQP0lLnT/BzkiEXJpwmccThGJ/5QvAgMrIDj7dAFP+li7Ly1XeZ7iwkLqnpDTe0aMUYAlbL2GH0N50iHJ4ws+q9b6SoRQOO1XWaYDVQPro4dWfxFmTZzPwnATxzLf9tGdAWhrCDP1AVpB7YQ1vw1dDpfhwzmcnQ40XCwQqHFJhn20Yq5oHn5UdQZMFFtwQ2iBnV2xGgGluHvMfg5D/va4dSmIkY33inYASxQtJP+EyxbKJ55QHCj1Na9QPcduLn6wgOwrz8oKFMCK5YlnRsTRCCpAlJnWk83YqIDe4qlzoEdNmcBsXAUNljNQyaNeY4viUZDYdYgKVzgGmyI8i8aCDPOjgL01yaY3HKDerXEis8CHLhgmyz5/NEVI4D6TIsJ0FIHAWp5CRez/HQTni2S87TmcGFoW9UppaJGkpuAZzpytqguOTLFOfoOoPE5PoeFkO1m5yvuz50FMizWJUwLSIiITmVCMAKYuV6ZAMNwxS+d9cRkQWGtIkGSS2zFjODo9sWP4aXuCfvPQeFawe+qnHBw6zicXeu3r0NgI34DXwMaT4xrPzkW4E01zU+f/oel9t61OVdce9K7/SFiUCO5sMBpcCYhcP2Q6QU0bhlOfMd2j6NrNPSy8yHRPqK1BL5244VjQEjpis9gPufL2Sr2xjchK4cEikeJmsFlGpjK6ZRglKgJX0tXPErHktKCzpQ/cRMthYu9VPhWR+ZK1nu+t65SYAStnD0+1kcOUYT21qLFNsAPHcTGlXBf4dIWV5TJjjuSdE911SysuBlr+GUXFWWdHg+Iw3WIxq4SQo06CK7nUw1DliuUmrcX+VOBbfeuyrN9++E/IhECNb8/TyWFAQFJoxaAq0G4IZFmnK3De+W+MOOJLM/azsDEsw+zAhTu/ZZ4SqW+ZAQ3i6CaNAO4vxk6VmEsPTYSy/tIP3cH9uprbBnSRKgCXVO0Nk1QiW3blLlEncVJ+g+Is5FG/XFmk2TxYw3Qci68dkOKGOYCkWtdI1dxN78BfaFq4ri3wYuBUiOx2kgSTJMqmtLutY/w9q4iUUX19BXl62wjqCBDSAznU/4IxIf/OdI51IYSFdn9UDXPH8flvPB8xf0+LzcND0aavuKv3dZ13kPFIPYVTV395NN8OA9V6ZDoq2FOu9n/vFZkjRVkfNMriMTnawf9PIHjXOH39eZ8xRBpWFR4NWNF+IVUzpS1xsRbJNfw7MuynR7DhhCZML/WnUjaJDlvjppySLIs69jkJHpbLCAnoRhmUTpJ8OmvqU419/brmpYXx0CfJ5ZKIOYzJh9NMgYMvwozcD7qcx2gI7bMVPClTxWJRjFHIuhWEXPb8oh4kZUAdg9IXs0V0HujDxQ1onhaAlRulPo9w3T5UsmOeDNXvW6nwl19PddOpwH2A2fM/JiFt0bhsghKznCgvJtlikFZnJdBfg2TmFQ/PhSYBD3xNiWJLs3YY/4fmJGV8e6wpNWjQeYtku09J8RXsUsTsM0i2YRKK192YRP/Kdwvwz8sJVXPdwqfzBuvfYITPDGgX02JIFOTbRfc7lU1iOhcHeV5Gjffyjn3wKTwhXIFt7123jv0LtllAliulhfUTHTqdxyZZHjRWn8hciubGNMpX3lFEPO6OdvVqsimtJBlFvavptQtIR00xg5eRcAjVMH8DidQMXp2sOvobZM/Bnm/Sh0E6ibTvKGfAMNYOwwa8GyFzIdyUueaQsQz6Io2R0p5etHoBMLElTxqCwGdTaK/RZ9phtOkVoO8a2Caq02sEoZSLAoU/WDY3T/f3hspNR4FHPt7os0v88Nxq9QHmZKHBnlM2EuQ9G15qxPyrvPz6RpsjOVGCe6csKv3WrIeSzDSRUrzG7FFq2b6qwNXLd2ekSKuVBlHhfxjRskw3vEegrWhcN8j/2/qhPx1qtaLmc24j3gtpdORQ2e17O/1xXSeo/smCmYdTZtbYnra7k61gh7aIgrfzqF70WEZ1hwyBXqPRoppOMYFmuUy2BmRHSxOL+TaqoQFtrZe3ES56a7euI1eiP3vhOacffagV6/q0nnKQf53JFGmKIz6TMpJS5Et6KuJHDg1OmeWdXTx2Vs4oRJodC6kj/BtlltnaQ06c++XrJRfrH3JOPjAzL/D7Rgwl2wR0hYbLKh7t64UzRGHMvElOT/kEZLlspyXipwmvL2PRnhx7p7npAP9N0F7p7nfALFTcV9YdmjwplYwzKgT8ON2QeSFvyr7TTWt5qNxHu1/+B11Z1tVkANgcblPa0D/Db0rJ97RMfM7U5NDVQVHeHpUloRz0MxVhPiI0TdhmDEn6l7AJjn54bOw8jKoeWgfkooWpndOC/E0stLvHnQava9cXSu1qNsfPZXhdELkJVa9LUYPkb+5pHC+G5B52lWQ8M1w0KavYshwXkXqD/o3bYvahfWoTwMfXJaQ7zccrik9ADkZL4jT7WEq/dT4I1xJ3SuwK2Qp8pwFqGgdZ3j8xhVfnULSCiisJTdiEU0YHHZomM86TOKp4L0xr5oGn2mTD4cfSNEGt+nF77tghn/lgw9usR5T2+V233+eS0WfWFEwebzxf3Ve4JaX1yQCZhlOk616p4a9lAz+8KlrCAr6fxS3Zx+JQerZVZT4b2EFYOa4WlJ2UqTdCnQLqUUYRi8OiIh6UkiJdNmLQilE7l+GJdHcZVCJ95ICQeMFWufXTebcuoKTUtuOXc2OEBoIBE+PBkbXk+QSO8KC/fpoJ/XJHo8hc6hwl9DX0+TZskzheV63DQwpntw/S1CKohsG2amJ54+hjC+tAsC+ue6lVR2hIfI/bVE5D5iLQr0hNLnx56lNkn5xMhXJjYc6FJjU49DQ5Tj+FR5vsWc9s4sjVXmXbuH7PBVNRJ54lKlsBAH+ttACAtXZ7WBxQMjqWwJQET/rJZKTQbHt0ki9rYgb1EsabRf7qJZHoor3rKutonTmHjHTC88hkMzkyMdDnm2lrR3ezkDXArCtlLxXkRVxnvWMztQAhdI+eDbi5kMhwkSwHV8tyn4v5LGmARpxFN8bqrY2r7JaZ0Tz+1eCJXRpZe2cWvXt8inY31Iv6HDKx6/ndlqiYFRQnjmnPatJpVOwdHPTL8Jv2VTfjX61b33ibw9ryg2dReHZFslAIowZGCU3d6ihbDX0CMo+nBdArwJHxGmYZVb28TMgfMeWs1FUXnwZceOsTpuRBsJSGVTWi1NW22zb4hMBo4QTo+SBBMfenT3WXAkGeshpSOvqB36MKJ0RI4fkxgrjCtMDx5eTcN3Ulth5tBc2hoKPohdLCTRZJH4j/y9Mnn6mFW1tXaSUajrOctrbknBaEfvXO/qADIqInAJrjVwckk9u/c2KW3f5OyXpVywnDOg8xQNMGxICsas5EzlP2HH7YQXiDZ3JlO3GCARZV6/MnziYp0yL9FXbL7ZZmC7pSv1aqiTQC2UKwcHQU7R4IIfQFgq1PGS3thD3mIn2JaDhh+pctyiANF5T1SYOoYujZdD81Dn4j9mz8tmgiWYnX4asNK0gp3fgx2N+lEqRmmcc/w1Yzw6jtqvbcrr4kOwO25P4XLW9AIFCnVUBH71OuYnMpcxPsII2TdZKHD05l/11at6Hhj0lkogBuCs3Sa/P7KaOS86Nj8sK5e6gXxLqIn7fwaHYCut1UPStn1FVOuGRpJs9V53dQ/MfkpZLqFCabExvqyknbU3UYJg3zewuYN4uQ7m6WwPTRKpx5Er8S9jI3QbXEwNfhK7yD87ifIZRs3C/ZJobQn4sHWbWdKoGq3BXIDggMzXlBROhd6nwovNDJNkJ348tjEoiUuq7+1D4cJg7/Uu/rucvh2Nv+N0onkGMaaiklzN3xXqRe0r8aGcdFT1w+OkXr20egkLB5KZ4fLyAqMxcbmx0+LjbcuabjUlraB+uGPsFfbdmFzr3oqKsZE8UIuMZQuGlSTY2Y+4XBJciemYmJ5uLculngTsaqjNBhEVbkZW1CM2l045KoHygy3c7SM7ca9E86cDqCwwOV/hbEw1d8MQB/kxZ4RcIOz2sxIOC5vC1tfdg22O48xUHGmaR80nffoQhzzJd3TAertLTCtGoYVdR/BMLZpjiICOsujuOn34w6Pf8iBmEK3ulyaueNhB0QKA7GRDqdnRo9buAK15GSKF4qtz0WuYTDCR4YeCaOOxfL9fOitJWeTqs498XtUxb+T284YRqMPS8MkRCUy5k+YJZ8SJwOU6Wq3vO9akve2mNzhXk2L33MzHLbTBCxBWbtFied730kc6TrJ0lXxn2msPqwzVxVXB21cJulQ0FFG2hUVoU9/lZD9GzM2IL4sEgF5D5dcCWEWvVVGe5exUtyL1u33LWW8TX2DZZvlXNI1/00UwBofGS67tSQjDQ/rL9C6EkDO4aMfpJ1KcOw3vOnNVKTKjUU+/YWISemC5MvyWqx6bmpbrpAKl1Iibhl8b4eRlP5+aaL7Ume1BLhtzmE8WH1qUxGU4/etexZm+YOkMZ+KdbjS56gJjZ0fnP1bwY2/hi002gHK+PJhOe+lcLjDL9HKZPeTkFmn4eUQHAGOsnLRm+wnxhcAgMlTYA+ro+fbL5NqMQCPFVytLZaWbu79AiNLcVvUXACVAqgbijNycdsusNxU74DzmfhrDNWCYBihnkOER3cB+V75jfqWP7iejb0irVvGBDrkdWKGUVcnEv7/9BEztkGJzP146A8bxZJicEL9EEotI8MY9/4sW/bay0Egzke18C5wqtOGNSDpjGGhk6YHzhvrir5967sfcwZJOjdUQ5C7mHXX3nUg7gnkZ48OmtlijTv2kGXeJaDLq5Eg5nSGXGLqiOfxOrR1i/nSV0YWEGw133XEJZk6l3QbGxRI6TT7479EKH72zYX57PCGnyDO0Vc1rrPCaJnl1n2R0iUcyPWPQ96RMsBvgIz9uSRniMc9KRE8nTU1r/30SRwhEy/rq9iUgU8fe2gELj6+fj3bt2garuop8Om7u27NjwyvQHcKFm7sdfXXQc0aMBNajZ4ydUa2wM8rtR1UEYKBON5j6+iylvIpalZV+AeR5kdEdkOKz/W5zyz/4Y1Caqc+4oaiHNfO3h4lrOy9qdSOjx+7IdE8SvogCgvePkh4pX9AxvzBOsReMedMAbyU/9UgFsSgN43Ixi1oM7DHCP7ruEj32M9WkLhewf0SXrgm+ukVnUPDC7CdrZXHUb3vteAfNu8FH82iMHxTVBKa+46iRO289roFfWqqLcQciGduxO1k4lIFuTz1VPLaQiqOby++CzzQ6zomtCU0m8HzZR6Uoq9gA5a2SVlvQtZQX8QQBpsEo9c+7AiBI30wiud2//FkAe6JqFeMFaGPL2w2Y6AP41jXetVAMdssyvf5U5jMjdJ4RnmaXV4eRYdKHKNZvWvkOjdiDbGLKcDa2vlL9bZ1sG9RDQEzujoJXnYho34AG6faPgkJKFAINdK5H8kwRV+XRAs7YQvfUgoukg5+cu5GvOVadma5UcCyP9ftfvDcIdheqWfwp5IKqDVvwEv9sgG+/1LNeJ1ZeaiHEEyC1UbocmFvyArYgJetICIgXDGHUC34uh2BG8/67Ka7TYK+nWLGXzKD0/uAWPv+5fKSrfCny4mggLjydkUAW/3aF552BYUo4y+L5rjp0+XjGrPY/FOWuH0jjkrq8HmEPfNK7AW3kRvPnh8yMvx+NZ5Ihn9JK/ohz8yCDNL2jJ1pnBCTmZaEW7NE+iDLIaLBXNVnWxRb94PC29WlQu7imXNIRbIHNMYjIC4mxX9zHTyXepgnA2hLoOYDlrrxartpPiw4lYT5QDmwE8YrBhtvlM/F1QU1K/1T9Qe73F2uQ8JVG1maq0Dvo+BGEJu5byVOo9ZrOLRr9/Ctyg78vsABsxStsnMzsegq1FeR61JTaWgmhQw8+BCMNZq43/cBu3FMygWmPCc1ZRtSG63aU2PQkzPI66qPMWyArUDPWP1qjpoFZR/46gW0CwvXOFBDPpaYLhdR39ULMIpDe056PQRSAs3trfp1B4h5rp243/o4l2FvvUy6sxjJ02af91/d1pr0Q2wx7INV/4PEf/9ZO2v7Ykr4agHx3VhSAuF6COLUyxrG+SPaJVkXcX2gF285QpHcOCKTRKeZV81svVRKoArGzQfAIzubJKEmIYe18u8n3a5vFVoQUx5fiqcgqwg6X056cCoavm8vyZEl6qtNRVFKn4/frExe/ud3jUPh2ex97X5WLkI+2JUOHrNB8RBDqildnSPEhomu2m6qTuSGO2kLN5asY4odlTIIX++0wt6sUUh2aP/mHOgUqPad3jJNiMXxKn3PjyozpFUeJz00AmIL9XjTisjW7jhcn7zoWoHlyRO4gmxSnQC21zw/GBxmCugXMavISxa/ZbOmRzuTtlZxxWkUrzMKkOyS4F0eJ9PAxLJeWGNfzufRypF7rhiJfk1yk7iRJggS1FK7MQD852SSiQJuUfSbf4mwvDyDcEZeSGMVWQdNmiHAoubTTWK8tiEG+sQQMeUx2K6F+RfwnBssM0ru44WVtb9Fr8x50/Tj5/J8T+fFXCaruPcbLdIfhk91tXI9SY5P/6D8Cu8uPNLaStHV+pJ1LCUA1RFSZuD8sHqLbS6UINiLchklMiD8IsYPdTOY3TRPpSO8/jo/43dxzYW1tc6EiAZcipKM5pOYbJZZ/CNpycIlE8nrs4UuM2ecED7aQv/xLLOYhLEc1RwCoHgm/Zc+M5lwqbNZU0UKdQ8VafuwQidUSZdJA1DMLCbEDgO6M97VN84Dx758VpGuvX7dC6aQDFv3r5sTrx6FrEj4/M7yq92CIGHWHIusi+d4jTP5x9m2cXrGOQcOxuv+ZpTuxzmUICWUKO7Z4/CTMnBQT7zLF1TCtCZ02Jow/1GqlEb0h3sU0fyqz8X0dD7NO+1ZSwRO7+4ZpjhIZOvpWeXkhai/wLF500Gduy1cFQ2LqZpxAwuZZCql0F2Os3RsDww8IsfLgHc5demMtvMrmMVu1zyunFFRHOZFc1+3q3EHM2PuVCFu7oo6kmR55XMj/d1rD+FCuHzM7DzmvOiIDjLIBkwYA9Ktww79vzxgEDKtnQDbHGvJJJlSWkCg75KJNLguGaLoflQJcgwH0OvgiqodUTdaJsX/gyFMSQaronlW2eIdFs/IEv/N/JnIyJGyo+KccM5tWZFooxuEU7wbQ7v3ievYWCNcqrpsmunUGq77L3ge1b4SJsZYHydyj/eB3D8p/dXoRT2HBkeypU0NAEDKMMslkd8BLdw+tizBO8nvpGnvf7Y8+bjYyCKoODumzeANFkiNmuoerZVJnSerKj2xdAy+i3hTDVuHzhXpbbIQ7Q8FQpq+5nXMmpQcklEnsqWhd/+9PRYZxEWbP2NLq835c2mkT36isqjdnW1lPnrJnHgzv1AOTc6n5Y7g/ZPBQThl3tG8oaSCCs1x6CUT+nUNiwficMlNpqdPZwl9WLvE+W+LJUQUposP5ON4f0q3AEAcQVTZGiaLmTfqCoPT4SMeREJJAxpW27uCC48CXeTyMETvAPxOjggq1USsSw7DHH6cLPqI5nU28qXmASoldDnWf3sNhrmFnyV6S688v/al5XGas240Z/kTDqJXcknqHEzF6J2ylIaRG3xcZMl6xlWiqzHaBoAI/9LkWHjD9MxdGZVS/UJXC04unkgEGsvP6L+vhTB8lpbv5f80zHZ0KI/YT6ShKTHRsbs2yX+fwpEG35hBHZdD4jlc/rB/FsvMTXYj0bVAz/b80GWasYq26c0plGE56N9b3+BXu+o4fTDBmfdXQ61cg7lSIbbyYLueg2tck5teQEheI9+DvFaNqEeLzITNhLPIgkNF9q1qx/iew3fHhJvKIM6EnuOHNMEwgExubWoHUCqS/gbXJ0l1Zjd7Vx+1opr4HNYwQQINO5JL74zUoH2IU6jpa9GugMFPl0PYIitWjeUo2u8d3NRipLc0UW8FdO2zS3JJcwviFcC2O9WP6/ZhEFcwEp9R1wZtqRlRH34g6EzUoLL6hoPL4UqXWAsjptz2bMgQMAqRPqWe2xSaZHw/xGu/q9qyBfaizCoj/tihFP/ZU3CWARZYO9B+kgFyiqm0tRTovBDJh+LitFfiHuD8QYuOxSebMRxe3cpQatyZ3Zb+/MXDsqGETuV6MOdVfEaTX6ihee+bYSd50MyaLQB0PnAker2YDilQoBQc6I1NILDZu3c6wr0z7/VrBhBcpGRKY+VpNQ5dLjscuICddXSHS6+GsQYxyzcYLllt842Lw9ubD1xO7ce8i6VqwKDM6ETyQuCzPMz0LpXS6IzTECSxs7/vIFuGoVnsmx/ZSUlDisDP9+l9ll1pfn9UOS0wNH5cfzlVJ/MZGYCT2YztOAmlhKxN1OhDEvTogxXM8aFhXZFvQXUmnj4lhCAZY6HGR0wikHfr+T2rX1S+BzXHu0d+JXV2liza/eGdBPbIanxcr+fl/cSJy0PHIKApcYzbFYZqLUtV11zHC5gStxGWIv25dvgI42ZAwvIvb1ZpX96b63RSKKUzK0Hp5wmCW4+f8zwIEYSrCxV4jBCX/AMeAi1AD1lEBPpPth+1GLEh+cwTdw8C9iVVtiPRqQhk5TFVBMydX/eLfNcChZvN7y4wE882OZoeiMbA+wK9jlKb+bCCtNcB1fkoXoeYQFYMlpC0Rr9L3K1sJARDJNgUHFw17GuxDW6d4nLmRRajx6ub9+tlZj0mjqY6E1uDu0jv0nTmYkUBoaxIgPb1329lh73WAplCNRclLVSQ2cNWUcAWXVLnzFZS2wYUY0+BHozeG5G7SykdiKlXSFTxZOAza0lB1oE6TUtqYcb7dpHJ0M3cT4Yygogofm9L5ZKI0iNqETfFKnu4Bf55NZ9mU/8GNJuOk7C8Sve80kpZsqAJQCK/cUKTD0ArLo5hIoh6Ck++1c6Yq/fKmYiu0feRZoR/jrG6YqIlKp/BNpcaCNte2Fjf862ZfrhPiIh0by/KkLr+6asiF95nKqCstYjsNfDmVfq9DNAjScM/Jp6QAWjuecx3z84gbHyl1QT216HKsE6JG550b/Ltc3tr5gqYc1aptTIs3wsvuLUzoFfA+s37hnhKPZ+TfN16kJQOXAYzkz6xFAPeDhsv76H+bzFKeitibJHeLaH+OJKljnQCwNZQhOfNvCMo10S4/2Tr/2RAYko4aEGY/asS7HnBgS1kH8KRpFUcftWvq026oMkfnjKCsLAYUvmvFLV5VUHSCAOTtaKRs5rUn85WkwhjnyMYzLNUU2G/FxEYa0cWvwYZeuXYwhWl4McWgX/MkrFXljzFo2XUMXFqe/OimATuXqK7xyUp8mVHKrnmH1uaCOrPIB9MQYWYyq1K7OSu57jIccyVPdJzyiBQ0D+T3niJIHc0NyNfo4puZM2r6m4IimCm3bsH8g5te5CdtTbA6hxIi6wT6rlrIBk+a3yeSGRiX3lO0qhzZVd9Ypbx5JhplDN0/kYHlwduHqMNIBmNYCeVftutz7vdz1z4PZG+wIanJm+bX//xN2sJHUk2EB9GAoJwjK3SvPt7b1YZqDjPbbsI0zK167ID4wrf8zT5VjLCBgTB7BEJXYRI+o+tRBWxynNZ+nI/xZvoLoxHglAX2QDPcmzz4xKOpzYzhEukKknlsG3JYdV8CburBkXs44VLKziemxmCL6XnYNiU+M6u/YygWloAfqHaJLZ40C9deEUk2I66dYLcBJhq4IHjCFjYtilK5Rv6r+VVw8NDgDXjeearot5Vf5HduKQkRCCHd+lFqVs6CxlUmhnnSug3nwgxsoHtZve8seGgPdjXEll5yJ3G3WAoQrGRPvEobDEfCXBy6Wh3QHM8SgR2w7BIrDQiwu2mtGIXcyKluUXkgW+FlhnwS+AW/+i7nUWviet0Bha+d+9+6fkxqKsg9ebYS5A5kQdW/U3HO30+Z9nwkW2DFPKagvQMUQ/UR41OxL1sjFuBrK2v3ys128uCNgyaeRyYOSM4wYqLc7z0xUx6ktgtmIHQhEyv4cK+MWdg4NseIDdsMNM6+OzBXym4oGOH52nSdZKmTZqViSC/+mP8sJUov0+MCZdbuU+94JprZsrjJma0ntZasnQ8/PCeE04907sxmvBhcUWG5DYw71OI02ug5gWsHUe5si8X5A9vEAWKhvPjjrcLI9VvVPuihgCfje4IXrkMfMC+caHvYUzuUq6RhzXw4i7iT7Hjoz0YqFG369HK61mnCjqJqoUN/CbIxoXtUtzo8NMvo5onLsSEISbvouTIfbcRNFFsizLw7XAUajOcSHc/5fQMccktplVl5sZrJ4Qw2NAvknJaiuRN0N0LgcMR8mK2gwgD423O0Qqx3OjYr55IWrpaCTAdIJVglUT65C0bFENYO6iymU/BVbu+zb0B82AYa4sJOa8m5vrdVJRgMtWOnEME1kXr8Aow/f041+Pq38uYzsfm6sK5NqubvXHUUMHKwE1VSXeqjwvEX39RBH0rBtzm1u68dDT9bxeNyuk/oabvXiIQKQMk53eZktzMiWoxoJVQK4wSRHGAzDgTI/RdO8Yp9f6MPOBeIlmQkroqV+n6n7taYPUt4nWUZ4BZJe4Yi9VLUJt2HascSNNOnZR/GAnODmAVVtp63sVkhzCxlkhKrwX0p7itzFx+KuTkhfz54G5UR+xuQtZiVWXA9/5XUqLnna3vGP0An4PMLC1LB1DMdkKpOpGo9XDVjZZ+Td3MV/AvMYBi/cB6ijRBsV3ZXqRb2eZqQ0OSXOzfc0yPWHOzhUOR9Ff5vROKyS8AhHIJ+/in5po//VVmnkCKY3bnA3+ybnL4Dm4d13V24eO/9DFzf8d0l3lfulFxkaLeFaxIkZ2z8hIm3htkS8gWjejeqIK0jioiEgNRw5sAIA7mviqyZ+ZcEs1b5jrxljdzzgmWyCOPw7zsVT/WBl56ziv7R/4KeVoOn6EhBeZTDJ2cntIhXLgsqh+XaI58n6bgWN3axv8Q+mDm1vfMsU++GxgwwEtPdW4J9a9Jlb4LsToYt8qR/qtSiMsq9d4xuT6SrQR7v9IaDk0uMo8qr5dspgFgxkMxPYlaTNFl1OgDcMVElg5aqQ8Rso2kOUM+6niQefRyzrC/BwPFspXNNn77YsXGGFBi9VhoZ2Xtu3ElmF9b9z3QgAGEhUlPePXMaPAOlIOdzDNz2WgQ0ET4Pqi3yZXGzuTPaqgsENL+Y9XbM1ijcOc4TarjqgRZc7OfrHPU7XBpK1wpjNNQOQznmOrTe3h4SkmoPdPpgJSDDlOSSWGbmrcffIcaxmbkrXbOP90PSDnaHKqz+gJlkjcxeKtDRW3ZmyoUB7GREFcDNxS60qxsODFmc5vEuuhI4jBRksw7O8F+JjBsi2OfdrpebRD4CrWUTJI8YKIJ9pn/dT8llbiSym1UziuRALEsoqEY70mDM6nEYea1bCHvdLm8GbAahlvAUtOA0jkSEvIeHdRVQ77BBSPp0e/k6DQuF5yo5ZiPj/pwKWzdEo+DC8anTZlEIvVI0W/gnL3ex9y2aLpz1V2I2OAHEtZl1GQlvvFKjRcLX07HjFrv3zVrreR3nid2jSe4/7f/osP+jAzuB5PEVLICzqonR7jFP9rgT5DRHS4cWFrsLwpjHEcXAKu+pS9+7J4HdpqVYT31SxQlHtc7xedU8hYpmd1Iq9jWnpP0mG2qnFwq7l0eUm5uqvk3UnwhWj4NLGY9wRf6XEZgRsLzH/RDHJVZdpAN53mH1eW1CuASr3zMujt+xV3UrlM7m3918qM/62SGCwlbhAombuChOjxWC6RIV+BBPnn3INeoXv1IKKE5hq1bsR/q/H4y/rK+9zqjg2Nkbp4OrwBiao5Pc9zRo7SzzBuXorPPcdwW/p63Pr8f/TXTdDammcBI+DiaE2gXRWZ+NRqVZibkpz/D7SA1QA14Xim9w5e+l+OWP+xgSqsAcWPcZxDQ/iq7dziNTuFxk4LZ69CukdaBW7otFatiBqPbymQAbUi5zofmIqXdpVXPPwRqyV8jwRhA230yB+bQ6OaYkp5LjEW9gq/XwNzjSE2lovRPYUkBZRtEHQLPDjg1xwT2SIVBd2rpszWyy8d9hXTVHi7EePR+1wx1HwaUPFIL6Is6mmyRN2EQKrj9nJdGQ0z0DfsykMZ8bIxevQr5jVZFJnw1b9sDefAPduCRlvzZ0wH9/0kvc/qqDsLa2AbAphKlVTwrFRUI64wHtNXlbBl7bofaQ+RIUgKplfft2NtXXXuABZAuCKJYhG7cs5XkRcUUW5nr6O24I1XQBvycQ9tDLUzjbmnPJhfCi2UoOgZe2XP9WBxs7SvQH7oFmFXGO9lvtGgznawK9OvUZNz/O0xi67Pv1PWmdSVbxHCN+ya54EW92aw+8mcIkMFuTE9P1uDKOwscihAYRliNk7828TumVfhLuaTRMoWd3ixCaY/Cmm9IYimfiyiaEY5lTP9l4ew6iA9w5VTcGZ5d1aN0qJTce1BhozZ257f9ABbp0jkoncmrguN5wRGI65DWCcON7NCY/fMJwxKyiaywnijf+teR+1FZmFN3gKKnGU/E+B0hfhgSGeyztj6pwTWT9X6T7Khm5Cp/typmEz8ZdHOjFxvbMPaFO020vTd/S+qChH4ViTZKGDvAbwaKs7XUg/PJ5tDxjiYgEOW+5gzcdosXoFY0wBLz3XO2inqe276I0yeVijAINBuCi2In0sFk4TArNZAt3DM7D2mU7y72y9oi89AnDXiN/Q8FbNoACYtcutg2MOWDA7QLBEvPjSm7l7bCKtz2RfxttRagjWVal/Bej8g9YXXQqbxNM/WqArv4D55kFVDLtTAisC+kf/5s+5zmyYrljqvw17kIqgvWJO1BF8Rs40+NcBN26CJIUU7otEnOQY6B6M0qRZPa8YJ0S4yhApw0ACJRAbYI/vcqn0nyfqQCX8e6irQnCl01chKLnA/09HJZa9YDUj9Ig4LtZ5RSX1QMGauHcE9LCRON5y7jzGW0GvKBlSsKkzYcQEgrFKw5XfW7D/ZCd8ysupKj9EJQeXMYvxl1lXj/rD8Oj/szewFC8H8ZicBuopgPgC+y+KruIyAFPBK/q3y2CKDKKBF8rZqO9VvIN0pKpMzCadlOu1LRZ/sVZtfkuEAX4hBC8ez7BB3sg60rH5P3ymNCIRQ4D1EhsUfOJjO8R/XsKkjCoYO7jesDqDdT0eXhuTBEXwm0qIpofZ9XknLHEMnHmZuCdg63xrqpG0NRv9r3hsEkNGcfdKK/BFbjZOwXyAnjZ5BsWYhZ1e8Quw0aUhGNKIcY1XUez5bFE5suu/vEB9UzoL/7J7es1ZKSiZIGcYdj3qEkA1Vz2Qepom8zPbRAwsGoiVNoROVNzQU5tTGfybYiA2U3hpcdtYKC8T/+Qb57oboB8xqZmtTkLceRpThg304uUBiwiuGk+2+XrKtxiE4tl4/8opRSsuYZZtW0mNOL2HroijqPAa3ALNKQOtrThfcQcV+nGkXXT3mRas0AXNOr9O55CnMLp3R+Dni0pGJiM476ZP6D3Y/tM6EBfaE5XwNRkqfws7DQQdtvay7mfDpxs8bzcQSMtXjupFZ2GcSn+Q2W1fhR6t6U1vOQ8XAIj5yyeYejYgc0dV/OH3kIsVeet1HgmzB/ucwtZ0+nWX2hW6FL5mvQ4lvYbzFyKMqt3VOpkWBglSE1nLkVL7Of+yCVGz2YeAANxyJP9E/qpdmnAh8zegK4rUOqe3Psz9HsMQ/Mz3kLEBMHJK7k//jPpuFhE6Dp2qs8riKexCYXW1xVVo2seZplzu+C/XAkK/qSZ6FDZebUFF+toaUx5I9InHY6djKDiq7FG/UEWj5RCQ1lpknY3u/sMH8V+ZV17J59mxdCyGrNVOA6eXNYLXe6o7ctWgUdvhtkaecR+ACiZ0lZXcifVrgg9sMRlQEG3187HNZnqSGlipRLkx7UITM4+kFLh9Q/jEP9xLpC+Woag3Vzi/T9UuOXxlG+oFIMwUXxIhsUtN9ncXx0bzAdfW6haD7g/CIMybJtmPkPQlLvpld6CaWXVCSdWJISzAs1JJnUfS+Ltc3YEyj4Jim1u+/Tb/2kSNh/0rZ5L5tW5Bq5+AKMsoL7oiDRdA+LdsfHogtoM2A5l4Er9IB6MFApPqwhXpIPEF3//lp9WyedEcvgmGsSfEFgkARE2l/AnVn92afrJJOrKqWEkh7IRfO+1hr40WfYTGJBTICUZ207Pqa4A5zvbGtj/liYDd5Nwx6GZdn+9+xsMId0PsrP43C0OI3dl1zABNZ+Zx2OsQEZJ88pW5jUQBgN4x7zLdZt5/JrPVDQAffJUYDpUv3ZmtcqfvBuk4+5Nxr07URcO81To46bNk24s7r5xtlOUWqUtrJWwWwqha3R7AGZs9LgHLbHn/wPzq/btFuk45QNELnhg1F11pb+NeGWRqTRzahUjyIfciZ5MD39E59dt0IJSIVRUtHppWg21uU/dnqNpzlosuSorHeHZjDBPzvsWSRTiUqSt9NBRu4KM+BQsnTZWn3skyuCawvIo8gM7M4KRr5xXzgMeCetOE+NQotwUU8qIn4OoWHK/SINirtkCkjtym+7Ismipd339y16paTFwNMCT9yWXSzGXo1/rQsJr2GNhkSDQofP3fFIAELVz4j5wOmSLqOdjPmgYax/MBBgqdiVaZoLvTPMk5EnN9hKy6/zfBevQlof6r8rckf5UT7cCKiSK/vwabOLjNLgJgm0WkalVmjr4bOAAOLlZdUohXK3sg384ePUYNnrd4QAEkv0XjvABsTAgq7KWto9+UaktQ7fLDAWvmalwvKOZOJ/DKNKdEUYlL+fumXkqk1XiWqdf3eVLJHw5Qn3cEFnNgLpeDJzqeslCozvF2OgA4478DHyjnpHXRSmbJRtLgq4OUuIKpGtS0DWiGjY1/ClhJ98Y3XisrXPvnlDgfNr4j9HZa6jxykns4Zz2fxRNtY4EQSKcflmn92wNA6Gvnpsy0AeGajJnpRJJrtSDLi2WhY0AcrW/bhMom3cTeFH3DsffMFbTib/qDMTXVzKWoCzqEv6La58VblUOr43langUVeXhc6jCcjD1zgt17jBOYabbD054jeOtIi8VQaNSv9eVWdQygzJJKvOzqX1tlW71Yiuw9OgewfFjwQtMDJ7Z/hl5TtsoTw2UHNh18rLOGpq4iNE1bfllMfM0T5IHOxHqI1ePgvI6vfgqjQr6HSYgeVAaC2ihZqcNCbXo8OetjeSZgJhb97du/CPazdXcy92QnpEEYJZ/HmhYZUMlTBw6kf/zcJLgRlQGl8CLt5LNKebz9AeW5wIy4u1ywTQ0/uD7B9rmc+/y9Gp/WP1ZL+oFmh6VGfCDAGfw1Bp9NnnE05hiyBsVIwKthyYhNdEFsk0+XKWUE1FrXE8vb43AkohdmXq7JGnZxD0m+q3P3dKJTjTLFpDiZbgs9ZkLdIdz5ukk6Hw5sGET2fh8oCNlQ8YzulT+7W/+7yk+uPxinLtxpcqvL3asmBA834vp/qCyWlgjQDCVVGhL1piBVMYhhnQTikwHtWv6pXe4hWv/uco7ECdbwGRuuBFBP1hRUcip5syu7029/L5QFnAKsspjT6N1SjN5abvgtYIHYompvCnnjXE1sxuAN6LWzpEzPH92n3Xlgh0aU3B+VScn7MCJLPrSQpspNf9UHzDEPkRWE0LMkW7OE+iVeb3lQ2ZT5dwCaIyI4d507S0sy8p0sketIhO6bXFD4FS8F0L3GXMkuGZbSKFCzFpNi4xdqBc4aBjUbD5qgQREIX0Juf1To415y7BvfCL4WTBDBDAaE+IieHuPmGkPE1sOaCgo1n3b6FZh6FEgG132QIjgJraDSnFz/uUpO7gWbsx2NQuZGsp2lDp3uJ12dermWOjeRk4rEUUm4LY9zCCmR/mLdIIAgO9toRC2b3re7HptzR4+BG1NnQS/ZZUp6KxUUx8swH+heCvDGvekeeczxqaiezq4K/8loU3hhTE5OE5scIgCLAMMHJfVNhBoH7r0/dCJjP0+v+9vJxNK1vY6nIellJ3pK2dzNHwIL3LqkajVK3fQ7w/LHPp3BeO9/7/Ob95P1RZJdxZUGOiEPzokWVIWdN8Ukm2a91dhWrKY7ycUpnx1xCg6ztXAPZjrD7vcnVknV4oMJHhO6K182DbpXm5zy8Y9sfLw/WxFId+rORDgAwL+Ey9m7wDgCY1bVvKl9N/9zWlcZ5YJba21TmQMv8BkSnNhHaP5oFWZaTLnQD/jP5oK634ny3uszonw9YDTuO5HMvFDlGg9Hp3x+DLUKAqr18YBSfcQDVOxwQrpy2hEojsHpLkKLARgTyHRnx+hGNfQXFIDJcPVXOrs6iOQKgyKWyYpTyxggIrBb+Jt6KiSbdk28rr9wK1wss+oRtEoKcS2OBMLNFkeVBDUJqkmdnG7ni5T3bpnVy7enyJDOv+3p1g6kYNnxznF/kNEFzachzifCTGCixNATrxt2s9TlgSJj3e2CykxJyevOtvsStp3VG2tCz+i8xf1KpeUfTsSgpSLIn0lkXn/oMz+/FVqkNTRGYawdezzrg2/JnmmW5vy4teGyEPnZXHBLPC32sAckuLHqMVzJQzKhNUxpX9R6hjnfYIKw4v2RouZrGFMt1Kp7ND571zvIDmEb2MuqthxgnBIr9b1yXmzZXLPsNFjRzz5YaJcoL5QY9E7ubxmasynmkK6/NOmaRQDMjHLxjYGUA+0x2yUB8ukHOpci5rlGesT81fGiEiDue2qOLe0Yi7LH+RchUfdNYI7cs6WI7re0cX0Z2CTtKsg6XnXK9lrPP1F/6S6SoDxIR0oljOMls9S7etmMhDwS8n/NlJrUCdwXOL2TzQJxx8o7SYnK7m0VW3cXW/3IfXR80wNbOemyvqfFQY+8kcaoroBGTqckbtcZscampXAaSe+4lmdEG6way2mUVqhXWDNTZoGiW2dlN5IzzLrtYzLyo/2yz9OvXmGLHhtWaJCVEg6+XGZUxhgTeE71LD+d9ZNRT5bf2zfU/xBN3/ABXg+moOVUMdcg1FpcCoVY6jYNMsfexIlkb4b8PE6ySUNn9wUO0iVK7M+TSCYn7bqj0raPb/GQTkLJHIkwV5gV11jXAeXcGDqPJ2SDGredaKRnsXMln7t8Fh2Ndt6+fY2r0wWocKHIINXyazjqNOy27npz6svAM/XuoGpn/wpPk1UYuedVmareqz35PL3HXTMzjHNxsEbA+gSMxKqZsf9Xd7+DwwXDZRARYdyrOiGGP3S4vT9Z54xT/XWv3QeEd4hHUjWRLWAuiw+v3euAb8/W2P2d+tvUP5uHczhtf1QqiD8Rf467bG1SQgX+OBlqdIH9/PAWgdTT3Na0Owf5Q0K+D/j3kPXdknAl0NzKSVDtuvbj1ZB7rYDamceF4lRGmzO+1r9xIw6PxJVU4lRxC3K4NOaRN9Kt91ZYOBOh1D/YXXxfx+WmznZs5mFKDKDzaohG5Tmtfwj+gcPeNSFXvY4+M0YrLqd/ySQ0MvtjAqEF2G9vkzP+2FJLZC2BurhPEIDHhtqqFPl4uneIMLu57rlmpSpCVet+f13dkFgxOLDtEMN2h0HXiYaGTQGGeNvHf+v9Wus1oFhn4M7aA7UsrGADTf1OjNe/rU9iMwFwhSkkqJKb7eMQAZksc5Vivo4eAvGQ+JpsZlsmsJjWCN9C9005OqkJt4m4ZW8Ce4AbvtyfqeszWxIpXFy4lGozxVBc/4X87KLrJcD7JBDCF6GmSGJKVeZVs/8cJFzm4GkKq6w0X5lW6PL0KGdODr4S2TEF7wTAbI/7rdfwIr2XlcWROp0CedHhV1xp04cTl7LLiOssx3DWfcLA5+34PR+mVlI4jw8TDpzKtQxowC/syAZfQwrs+MKZ88VwXGD5jRbC9NssO+NslopvnnTCj9tovoGCbDAIyCTmaTzpWT2Z990bhsbMjKmyHWXXq2nxVOIGll4TjPM7jRVnOw1cUMaPelJQtF6PxHGOKnuufnqKys3EDnsTfkmw0rgu5LgyPIrniRLR1myNzn0k68PuQ/rSrJ1Cqtm80L8ua3vp53VISQEnjEV0x//BS7Ds5o+FQEPcMA6oU/usIaSLwuCi3WIKniisj+/SAIEikceHSB8rMaZQrpWWKeVxYQ17uptIIXgdHQyV1sFtwmhPkpAxMHkAwBU/WEhMkxuVik6sTd1lmloJVmZhGa2x9xvV/aKH0xE+bpTXZvXBLaMIDlBDed5hcmDOMJNkxmwy9CZtYez+4jyRA0GABK2VbcvmuLdwGjeHY7PJYl59NRyltlR0QptNvDvyTuCWhmQbN0qPM0Z+7B+ZNqeIXODrKkPKQVEvLiJcH5XeVZulrxTjeF9+ymUfGGQqgLFOxKp4HORaSV9FGk1le0Hm8PxSelVQWA0Jzm4mFPTJ4D7Y9xfAP6N3vPeMrkgFjhFlAmU1hMVdx7bhEpS8KgZfjUD1wnO3irSe/eRkJ7xFmPmzrfA10XPEErWraVAECewgAZna5ydyQVFP921ahUaTuvw0FzjNlhoK/x27VXZFDKy7Sy30eUiC1W4NKFfXbtQFpjTFTz9MNj92765j59rG8SSCHsKrSEzoLvnpIKhPMwlAvKvFqN32rtC0aItgxaZ+hZBnojWNf0gAPhcxTvewoAQ0MLxtzkDJEvDP5dBVpNoN9ZrOPoXLrzKagT5Rr+OpK7WoRXrhLLEf+UV2hkHR6N6Oq8oZot24cV45k2+N+4pzA6Urq/bAA47XscHpaDSal60ZMfoadCBdXDW+I9Lc9GNmqrmnHZZL222oo99S0nCydB+aqeNx9baoweEmKdHxG2So8aBeUvc7oJuXEZM5wdzXdOvrTdidyOY4hsGk5IZz5Lx7BBBpN1ZyWTdCSdaev2NgLhgQY9hfryj0BPAopWPw5d0r8gvsYeV7hvrCn0++BNG4QJxD+1ZarqPPopfGDlgK9diCXM8llCW9Rn8x4mqqRdQ1dxiw3rFHkkhnvX+8lusvRPnQRmf0evOJqphW31N4x5F1PmYkPb/8cc6usUx07h0P4KqIuoFDLEBj6dD3uBMO9yas5Y0v7z4JSDErKhjDwHjUL6OnN/QjKHHRElOqSo5o2ukM8MqDfQgEuN0uxrhmHtXajslEGhOJ04oXQiB1pTLvkIiIqy6Ubp02cxKRoYjDAgXkCS12W1/4Tr/u9BZ6Qk85UlJtlD4hD4A+kuStG6pd/BkCJEJ5/19TdS9ao/MTxit/nMRj7l6GOv7k8Gnnway1PxHJxJPCx1XPgLwVIOXCKk3fqUs+ppUHzpZ5QNg/TT8/NBrXTtQsw+e/ztQetCSbQM82k3mHpVaXrlvGhDJbkGn82Kwuju88J/c6vruG9GEtCUuE+T20OJ4dTD88fpbHan5VRXAx4wunHxAnExHCJ/rAVmFzAuQkRQT6LdKC3iE4dSOziUbpA3CBmL/nluomKtkoKhEU5miKn3PvmA/cvE09A+pDgHSWd0yrWUgfAuJyRJuYG/AyETBVmpaXYZ6XcR/vcjWjfY7JOALGzxBZRJmFYHvrC9e6I/2MVIqloPI/un+l8a19MEiw7RZqFkwQM2rWzQGzwj6JtshFTJPJlzsN7uirROflh9kV+AeGIZ9I4G/7n5jEJB9GnDQQemYRhSLSBumQtnh0ePcGpeip1r0vnAEfgZUOwrSQ13JKN+m27FYuD+kYEwny1+2H3M87on35KEoRwkECc04Fv/E9zCqxLT49236aKEoA55k5tI721RNhKjvhMMPNzxs61fRuBS5Q6cudo+Dxk/0yFgp8e4ny1qcoZ/Qls9I95v+XBY7r6zXHLw5rFSJ1xCzIdKcByoBl6butdmdyXrTVX9pQJXQb8NZ2vUy79Wd3DZB6WUjb3A0SFE5+ThedKo/TEi4xx77uXBlk7ZrDFQTjihzRP/71cOAzyrebG2c3iOCTAmDSHR1V5K21e7TT8y0KnXnelb7qwkajhOYDfwt4d2lCku62Jbq/e2/ZtV99Cy74BjNQTVM6goPzJloH0YWEkXupnSnDM6bvv3BHZkB8B4eLqhgbQlo9fsYPkm+xljNNkMtVnH88HhwN0AU8S77TUN8acBoWnDhzuza7a8GOl2NKomotTiEFXQ/h2xRtTtG9MM6boNOn6L/Q4UsR96Ypstis7RyRvbYhJczlr2LlsTqJ/LwJpw/4A/RVfyD246gzzDMk9rAKdxiIphM5vXZlZSce6KJ4kE+0ZkMMh/k5wAuSummN81eF7kWkTIHDDU2RHXZCAggaIlyOtm0oPcPLOpf3OjpvszourPZf3jSpXTRBFwbmrLbs8ObS5CUe9FAolSBHxvhuzN83tMbtMdmGgPlKGTxXorduH+i+5D4zYq7zS381U0VXHJlghL9lW5+R/XSW5kGOgBiuq46bCif8LRrofOOTojlxFC4byPbNPtbnchg85dn8GIf9Wd74UBMYyzbeJvfTUXQhMYA79cdEmQWsWfxio3jHfARvTb70BqGyu3IiWbk2a3hImmt+9Ycp/xab7vydLgEBon2x4RWuoiAzyuGU4bYfM3+6RDyRZjs3RcpugMvy95ai8QceSwd2HFHDDMmKiqm7U5M8Ht7VHoThS2ghoklCyX9D45wD4fOx4k5wuow65vG+PePq/sA2TuNm2UiDS78UPaJDmUwlFcYs3hhcf274kO526NV4tVfomJDxnfDHJ8zu/Iq2a52UG6UrDwOicigSZyJteJg5bvO0WhEFmMDGK/7MbYzb6mkmEao+DnjCMmk1cjsV9yaEy5csoXP6ugyQdZQDirre0Tw6ldBysK84B3707645RWKq4PDKWChFL7KASVvkOc5s7M5mqlpw+WpPxt9Y/BFayfPWZRg+FPqOiPpGIZ/GcLLoRZQNVQNijBG0seFX4Q7jzKTFWthzlYeXhyOJHLm7sx2+nW+xxKBHVn03YVJLvVCzzXiZmhtcSJhYWiERJPAfbwYTuq6OfeB/tHcTajIx483eObHT+fseXU/VBtjDyR8gQyXnieI8UTGE3nLusjZSuqtydWsgZ3mtBRLVxZoOeyRKFe4z75y3zYoG+S4e92XF2UQqMbNyg5EK56dk532LdSnYXKRiygNZAh381/R0uHQAvRi3RDz4hf4VsaLiXrIn8wykgUkndkMYb4iAvbW8NRb8X5wx5x5R81EK3UcV2c9mHInqnZj5BbdGigyZsp64HRubm5KVtouBCPYnkHs/1X+cYnDJ+i9T7g5YsD32PCuQWb6CV3HkfESLqtR11QthYGNX9D54XUip/l1snmIJHjunOxK+mQ5TAiMBbSJvi9rP/0TsDfoU2nuHyP7RXfxlTcTk7i/RqYfdEqUgRwg6K27qmURG/B2dkY2OyIPtpOGIPMTe8J2jztNBKIRxD8mpXE5ZgJ0+FsA72yW2jnm8VdugPeQOjR42zEAKzbF3j1je0n6uciOqmh6WtFet1LlZyuiF4HNYeG7zMFWczvWEXNRUOZiAhAGQK53l4AaorC8IRb4BjyF9YXwQn2Zix7I3rfOgp6qLvycVoYIwz3AduYgqMijJP48oY68VdgNoySWtOE+4F7BH21NStN3XRvPrcZecf1LjUUtLoMFv3MiOy2HzHCoy2CpQ7z0lIIKhAcNNgkudhLXYjB9WOTKiipm95NlmuMDONZiSPThmIbydEFarvNClo+yplykUMwt04SJsOPtevEX/G/hdK9dC2Nstcc15wYJ4BqKBWD768X/VNegj9P4nCJJafDoPVcQF0wbjYn31wciUqPt4epxiYl23C4j3bGw9VdroJExkDpyBLhW42SKbasBIfy5akfFotf2drMylsg1uwsENWGCcZ6zDlC+fwSGQcnj1/2uJkbE0ZnFwvCOLpvblbDLufltZKCiyvs0rGBzOfmgWd2Y8obZ2p4YtUxMpaRlT/zXlL9/jvdsH4kblNyPjQlZ88jWWJP/+8cq8wo+12reQPOxOep9yVewhOPGSfVjjiL21CA7/UT7YTxC3PIVnIreE5OaCI/hUZpkbqtT13wmEimCMOUsG/Or+yASGCTVa+/OLqLwLz9SNsqUW5fvQh3OglCkeIr3q3bTjeh6ifP+oc1Y/++D/l2zaXPmMoQ6KkhcAsTAUCH05mZYkFCHLZp6J2DgkJsQN8fLUf0Jr8QDbLOHA/4YbPDAJoqIAMknQfMgsNleFUnh8/mIw5Ykjjp+s1OX3yXW5XzFr+UFSXgvUVmAMSt+NH1Rz35JR4ReiQgnGzHml5mAt7GSQ0uw8yp1vr2OagQ076IwGTin+LBZZ64O0N+zZ5ScYYQaG+i9Ql+02NEXKHQ3vfYzrwwzAMQsyHwIBm2x7MoJPD4ydumiYe8S58d11vWSH4c3PH/Hzx6QpMa5HdiZWMBYqXVwA8fc0bswIX3u/KnQ/HxusUeG/xqm3dNr2D179jFizDk9FgimhSADgVi7L5ni7hzRvtRYTAD45CgFEwpAK1iczq2sb+TGvGHSXjfZWYKpab2Hwh+F0oJQ4nx4mjxsfSbThsWBTi/ec9pjTE53nTrJx/5fYTBp0h3006NRowuM9UhjvMwjjea5LISY3ZqHzIFbjkupSPsn+Pu9q/Zd0R+9NcouodFhP5COlr1KARJz54gKBXpyJvsmd7WrCHPjRUzIlBVkEUKEldALJk2BsgcoeDf2Avzowh9EAGyYfcf8p0iCZLboUcUgMjMv7d8ZA/Kq4zP6C411yfYD7AH/EFQuQSLAf1rKHhtXeL49wa4GY3tlxDWLnCoOcw3/2XnMxn4NvVBTIazo5GwWYwjn/6tlP47pfrHX7lgAi0mj9+qji7N0QINsWkqLIfQEph8r+2Gf1OH0CZxilsVjkEs4UrVYLi8boUkWN2PMk1/gGrqs+7q1CpGRh/OqEYcml5Jx+lEmRwaMTjYv5/UZQxJTc7HZQcIyfuPXj+5fOSUnhnZqlhC7OmVSB6Qfc9YwhJYcWsElw+XLeKfCIYvIaIaXoB+LMOCMI/MtgJVsuW4BkHLipUPErtREADl4fKy2S9Wjb5lke5iwGfEjwG+qVpz9+mrfnhldWd6LcgoUEt+47kDytD12/Y1KjHlglkiSkY/7jPHLX/pzxNAHD2eryAyE9T9FCgLu+k8hPYU9goytLIiWDBJFo3IBBwEJeIY9NqMTDxL3znxSWm2/CIStP+yXdhtM2I8Yur1sfV5HP2oywzRL0iejUcxXgT9QnHTEcUzgOnaIWgY0+n5IPNn6FHt1QusDHxdWHkmX6nS5Vm9juwG+rLgulosUdCybaq6R0RCEWTSVCKfdgKaIBma1k6GAy7Q33FeqItDiL2ggoun8SBlCX1AYx3vIsj6juSESwh8Ve631/aPtSVZt/NY+E4Z1Vwe4/jlIs3keJuWdM9Cjx6cjC+PoZrLpgoaPvaFbEZlhF/3WzX/uMUIKY7+IZvG4MSNT55e5/Xo4VyoJHV7rYxQpBYykrB/6YWvPfKkJbFlcbk2JF91AlFo73QuSOfD9dDaX1ySByCYIajRjNGrDpOo5040iaCz4IXIq6IJR5ircnN5RiD0IdNd3mWfvpuHAr5IFqKgLzBFGI8cbASFWauCRGrS9IwrIktMvlcaxXtJKnw1ZZIIxw+uPAfQNE9NbcRE4tU8EN9BjtUqWybt8RpmhhanA/aGnAuf3YmQ3WcVMpfzf98v+kiiOj+o26OfexIvoTkn1VJ2XjpkIis66oyx+Ahw9yBgLEgJe3THk0ZZtO+OBbEXm07EE4qItTSS0A+8YSjj1JOCs8toAvdjcuN98/zkgGLlC4Av/XYabdQpegEyGen7a7CjynV8N2ZmM5Kk/87pWnQoYX3OlNVtDWuw19Z9oD4u77LSyywdxJi/HdgxNiD76JBul3MnMWfkShrXc0EF/bO21WcThf09UEE3YgAX08cUWHTsn+M3TJ053eC3aCQWC2G8UUOF/8iqOyu9FNF2h7jiiLmPZe2XbRQ52tge59xM2c9MxAmkrP3ByWHiVbrFmpZyCLTKTyUWC5hVEob2mO9TFTpWrUA15Vg+YL+kyTP3IRCngkFr9KotwToB3WkG8wwEfOHbwnFD2DatR//jo7Pd/KiqS0t/hBMAnhcuPvz32u4Ed13/lPrL22VeQoiRv1gFKq8oPCNFKvJH0FrOTnJvlDGKsyGhv1z3tSXtN5bGxhImFGGtREO5xbijCohaInfTCH2UzWj4ZAPv8VWjZsvoxc7ytFMorUdfGJ+Sd2MwCYEUQAE7p0HQJ1rU94jawERCPXJfe7+sKmH3k4IvovWMjSpsp1JcoUP6+eBnMo05NWdHYtaDXAGQrdqU17YFaL9p5nsDOW+Lu1FkgTmAttDmzYIST9pxVPNh7CPz+jR2M5cSiKdZ24FNdblaxIAuMhouXXNkbLCI3BKX0WTOJHTpzt8/sZ+GePPF/M8qbn2EvQsZ7toa8Dsi51Rsj9eBDS/LOHgz7Sa0rht4FphwYULphRpwFZ45FwFCUnPyhfesPvmSsXAqefc46DvKRRWgU1Rz0CKjZUycaAKyx5jjSuLfwbSLZafbueV1H+2B28lRdoSMUpqJiMMXCKJNPk3kInDP6gMYZ3LO+C79EtklQdN2wYmCgX7qU2bEwaGHKX7op/iw4MCdwsyUiEZPUBXbMjsH9U8w3A1cflFdK65Y1Gr0H4ceaePmuKLqDSF5T2t64VNCzMlnDMXmce1WcQHuPEc3uRpfNmJKgLoGnmwAHSzJ+xLTnuFfqEVd68GBdXwQplGl2L3LQqnBG8aVjSzMxEIp5Z+V+vs0GAt0uqU4CKszB8asHPhMk2LjlMUBufcTYZtjaqBkcjF1IpoVyPWsw0wjvyRcExZhUUfbwDuAkhp5mIhi9+SFIObbk7aap/c+3khCOK/Vw3s98unTlJ8VZDm2MQ95JermPkFTzo7AXVIef5heCMhWWkRyGAf3QiEr4deY5hEL6LXAhw05mB6RMPCiUdofloebz0jjfFLvGc+6jL2f421paK6DrrGVyBtaBoiNN9Akvj6igyx/Srf1n04HHK5jnQ2DA3oKo6GGoZuD72ItuuA8PPrtMUb8ZF3SbLpTgmUGl+k4NERgdGVp0h8ma72X0JXSujVXGgP+stqiH19omEnSjkQH8+0XKkjzabjS34VRR9U47Aczfre729AXpmYVeA8MikG0ezdaGckDDR8uQYySXvdjgSMKmMyyfmJfCVp0QUY2nIbr/Dg0WOmXPywr5UW5iQNloGkhTWOlF7w0NKa7Pr2GHPA8g6yFRqysWNywCdb+ead3eGevX7yHIZeACI2uR4OpRfcSzlrplmSZioSKJOBYZfSt57mjZ58ALG1eqV7QV4pDXA0lmCgma0uYLK53ugBwhPeqgwqXkWlgBAz2TnfxFwViFl3TUCfNIHU5R4KACSUH5SJYJPu/8wSzyY7Fp6a4j0CpgMOzpqMKkKOJOiNA5Ybtc7mzS8jlSJvYcb4xiYoDQ1/rf4JLgew+zqfeUd0TR+ZmlSs5tZSj4b9l0xlzuX3wNOR0gIX8U6WbGL8XVVXBN09R3ovPDC6xkOCrq2oR9rWn2ZOq6evU8vXpIU3mohXJN5OjJ60xWa4zuMPsjidPvwV9g0mHPmAnBgeiy5ENHKlwPkiCj3uVsyXKWjrIQcrn8Aika0ISKMmR+byLxjk6+bgHbnDAzWrbjNMmKhp+HUZzAq5n564WVpQvlx/nerQ8Zbd0IUwGNVQGcFrVxLLfgVQXovnS0C86/f9NXV6ZeNG/D0CqJnHoWMK3Xtn/YW0Tb0jkEYp1nsod8rJqL4jmBieRbkIh44CtRSec9DIWAEC9SvHZpqE43fQ0EVtEFsEJVZqpZYckYft21AmZzRrKXpLdGQ+EYdzaWYcMZZKWNj/pRNEZ2OgpqmdCMKZRyqKYV3pUO8td7MyUHVHB4+VfokwZshiFNByDxqiUflnuAu8WbwAYvsRyyvT1MMblcpT1aHWQceu6zFDZWhiXWYaOYe7jLnYldW4QWM/3P6ZG0e3jt01ruYjYzs+ryxsen0ClpEWxfgfOn7jkS73/am6mrzrSPkBgfxwDPB3H8L28cEGzq3Jz2Pc8SJFluKSydsWPTQb/eDa9OsraIvEsFWXDoP1w4hNBaMLXTk6mseJVII60RgD8aitYTNalYxieOms4qKDn3hIEU9h56OC2L1dr77ZP8THqJNKtrju0VqAzHyKW/l2S49Qw1wskPJG1yuRj0BxtxKlnZFMUUyrSbG4SGctO69QcPTtX7sJB5rTJ7o0LBhTM0pA/Kd3qEVX2EfoeB2SQxPpv/L7mCgZxrkIGbTZDXEJ2dpfRs4emiJsfIyjprCoIizReSzcm6LtsFszjLTKpTdPxIMvW+JnEbl8QWsLvsPx4NZkXyhFlrP4TDrAsTMyKw=="
  };

  // node_modules/@noble/hashes/sha3.js
  var _0n5 = BigInt(0);
  var _1n6 = BigInt(1);
  var _2n4 = BigInt(2);
  var _7n2 = BigInt(7);
  var _256n = BigInt(256);
  var _0x71n = BigInt(113);
  var SHA3_PI = [];
  var SHA3_ROTL = [];
  var _SHA3_IOTA = [];
  for (let round = 0, R = _1n6, x = 1, y = 0; round < 24; round++) {
    [x, y] = [y, (2 * x + 3 * y) % 5];
    SHA3_PI.push(2 * (5 * y + x));
    SHA3_ROTL.push((round + 1) * (round + 2) / 2 % 64);
    let t = _0n5;
    for (let j = 0; j < 7; j++) {
      R = (R << _1n6 ^ (R >> _7n2) * _0x71n) % _256n;
      if (R & _2n4)
        t ^= _1n6 << (_1n6 << BigInt(j)) - _1n6;
    }
    _SHA3_IOTA.push(t);
  }
  var IOTAS = split(_SHA3_IOTA, true);
  var SHA3_IOTA_H = IOTAS[0];
  var SHA3_IOTA_L = IOTAS[1];
  var rotlSH = (h, l, s) => h << s | l >>> 32 - s;
  var rotlSL = (h, l, s) => l << s | h >>> 32 - s;
  var rotlBH = (h, l, s) => l << s - 32 | h >>> 64 - s;
  var rotlBL = (h, l, s) => h << s - 32 | l >>> 64 - s;
  var rotlH = (h, l, s) => s > 32 ? rotlBH(h, l, s) : rotlSH(h, l, s);
  var rotlL = (h, l, s) => s > 32 ? rotlBL(h, l, s) : rotlSL(h, l, s);
  var B = new Uint32Array(5 * 2);
  function keccakP(s, rounds = 24) {
    if (!(s instanceof Uint32Array))
      throw new TypeError('"s" expected Uint32Array(50), got type=' + typeof s);
    if (s.length !== 50)
      throw new RangeError('"s" expected Uint32Array(50), got length=' + s.length);
    anumber(rounds, "rounds");
    if (rounds < 1 || rounds > 24)
      throw new Error('"rounds" expected integer 1..24');
    for (let round = 24 - rounds; round < 24; round++) {
      for (let x = 0; x < 10; x++)
        B[x] = s[x] ^ s[x + 10] ^ s[x + 20] ^ s[x + 30] ^ s[x + 40];
      for (let x = 0; x < 10; x += 2) {
        const idx1 = (x + 8) % 10;
        const idx0 = (x + 2) % 10;
        const B0 = B[idx0];
        const B1 = B[idx0 + 1];
        const Th = rotlH(B0, B1, 1) ^ B[idx1];
        const Tl = rotlL(B0, B1, 1) ^ B[idx1 + 1];
        for (let y = 0; y < 50; y += 10) {
          s[x + y] ^= Th;
          s[x + y + 1] ^= Tl;
        }
      }
      let curH = s[2];
      let curL = s[3];
      for (let t = 0; t < 24; t++) {
        const shift = SHA3_ROTL[t];
        const Th = rotlH(curH, curL, shift);
        const Tl = rotlL(curH, curL, shift);
        const PI = SHA3_PI[t];
        curH = s[PI];
        curL = s[PI + 1];
        s[PI] = Th;
        s[PI + 1] = Tl;
      }
      for (let y = 0; y < 50; y += 10) {
        const b0 = s[y], b1 = s[y + 1], b2 = s[y + 2], b3 = s[y + 3];
        s[y] ^= ~s[y + 2] & s[y + 4];
        s[y + 1] ^= ~s[y + 3] & s[y + 5];
        s[y + 2] ^= ~s[y + 4] & s[y + 6];
        s[y + 3] ^= ~s[y + 5] & s[y + 7];
        s[y + 4] ^= ~s[y + 6] & s[y + 8];
        s[y + 5] ^= ~s[y + 7] & s[y + 9];
        s[y + 6] ^= ~s[y + 8] & b0;
        s[y + 7] ^= ~s[y + 9] & b1;
        s[y + 8] ^= ~b0 & b2;
        s[y + 9] ^= ~b1 & b3;
      }
      s[0] ^= SHA3_IOTA_H[round];
      s[1] ^= SHA3_IOTA_L[round];
    }
    clean(B);
  }
  var Keccak = class _Keccak {
    state;
    pos = 0;
    posOut = 0;
    finished = false;
    state32;
    destroyed = false;
    blockLen;
    suffix;
    outputLen;
    canXOF;
    enableXOF = false;
    rounds;
    // NOTE: we accept arguments in bytes instead of bits here.
    constructor(blockLen, suffix, outputLen, enableXOF = false, rounds = 24) {
      anumber(blockLen, "blockLen");
      anumber(suffix, "suffix");
      anumber(rounds, "rounds");
      abool(enableXOF, "enableXOF");
      this.blockLen = blockLen;
      this.suffix = suffix;
      this.outputLen = outputLen;
      this.enableXOF = enableXOF;
      this.canXOF = enableXOF;
      this.rounds = rounds;
      anumber(outputLen, "outputLen");
      if (!(0 < blockLen && blockLen < 200))
        throw new Error('"blockLen" must be 1..199');
      this.state = new Uint8Array(200);
      this.state32 = u32(this.state);
    }
    clone() {
      return this._cloneInto();
    }
    keccak() {
      swap32IfBE(this.state32);
      keccakP(this.state32, this.rounds);
      swap32IfBE(this.state32);
      this.posOut = 0;
      this.pos = 0;
    }
    update(data) {
      aexists(this);
      abytes(data);
      const { blockLen, state, state32 } = this;
      const len = data.length;
      const canUseU32 = blockLen % 4 === 0 && data.byteOffset % 4 === 0;
      const blockLen32 = blockLen / 4;
      const data32 = canUseU32 && len >= blockLen ? u32(data) : void 0;
      for (let pos = 0; pos < len; ) {
        if (data32 !== void 0 && this.pos === 0 && pos % 4 === 0 && len - pos >= blockLen) {
          for (let i = 0, o = pos / 4; i < blockLen32; i++)
            state32[i] ^= data32[o + i];
          pos += blockLen;
          this.pos = blockLen;
          this.keccak();
          continue;
        }
        const take = Math.min(blockLen - this.pos, len - pos);
        for (let i = 0; i < take; i++)
          state[this.pos++] ^= data[pos++];
        if (this.pos === blockLen)
          this.keccak();
      }
      return this;
    }
    finish() {
      if (this.finished)
        return;
      this.finished = true;
      const { state, suffix, pos, blockLen } = this;
      state[pos] ^= suffix;
      if ((suffix & 128) !== 0 && pos === blockLen - 1)
        this.keccak();
      state[blockLen - 1] ^= 128;
      this.keccak();
    }
    writeInto(out) {
      aexists(this, false);
      abytes(out);
      this.finish();
      const bufferOut = this.state;
      const { blockLen } = this;
      for (let pos = 0, len = out.length; pos < len; ) {
        if (this.posOut >= blockLen)
          this.keccak();
        const take = Math.min(blockLen - this.posOut, len - pos);
        out.set(bufferOut.subarray(this.posOut, this.posOut + take), pos);
        this.posOut += take;
        pos += take;
      }
      return out;
    }
    xofInto(out) {
      if (!this.enableXOF)
        throw new Error("XOF is not enabled");
      return this.writeInto(out);
    }
    xof(bytes) {
      anumber(bytes);
      return this.xofInto(new Uint8Array(bytes));
    }
    digestInto(out) {
      aoutput(out, this);
      if (this.finished)
        throw new Error("digest() was already called");
      this.writeInto(out.length === this.outputLen ? out : out.subarray(0, this.outputLen));
      this.destroy();
    }
    digest() {
      const out = new Uint8Array(this.outputLen);
      this.digestInto(out);
      return out;
    }
    destroy() {
      this.destroyed = true;
      clean(this.state);
    }
    _cloneInto(to) {
      const { blockLen, suffix, outputLen, rounds, enableXOF } = this;
      to ||= new _Keccak(blockLen, suffix, outputLen, enableXOF, rounds);
      to.blockLen = blockLen;
      to.state32.set(this.state32);
      to.pos = this.pos;
      to.posOut = this.posOut;
      to.finished = this.finished;
      to.rounds = rounds;
      to.suffix = suffix;
      to.outputLen = outputLen;
      to.enableXOF = enableXOF;
      to.canXOF = this.canXOF;
      to.destroyed = this.destroyed;
      return to;
    }
  };
  var genKeccak = (suffix, blockLen, outputLen, info = {}) => createHasher(() => new Keccak(blockLen, suffix, outputLen), info);
  var keccak_256 = /* @__PURE__ */ genKeccak(1, 136, 32);

  // verifier/web/src/hex.js
  var CHAIN_HEX = /^0x[0-9a-fA-F]*$/;
  function invalid(message) {
    return new VerifyError("InvalidBundle", message);
  }
  function keccak256(data) {
    return keccak_256(data);
  }
  function hex0x(bytes) {
    return "0x" + toHex(bytes);
  }
  function bytesToBigInt(bytes) {
    let n = 0n;
    for (const b of bytes) n = n << 8n | BigInt(b);
    return n;
  }
  function bigIntToBytes(value, size) {
    const out = new Uint8Array(size);
    let n = value;
    for (let i = size - 1; i >= 0; i--) {
      out[i] = Number(n & 255n);
      n >>= 8n;
    }
    return out;
  }
  function chainHex(value, where, size = null, limit = 1 << 18) {
    if (typeof value !== "string" || !CHAIN_HEX.test(value) || value.length % 2) {
      throw invalid(`${where} must be 0x-prefixed hex with an even number of digits`);
    }
    const digits = value.slice(2);
    if (digits !== digits.toLowerCase()) throw invalid(`${where} must be lowercase hex`);
    const raw = fromHex(digits);
    if (size !== null && raw.length !== size) throw invalid(`${where} must be ${size} bytes, got ${raw.length}`);
    if (size === null && !(raw.length > 0 && raw.length <= limit)) {
      throw invalid(`${where} must hold between 1 and ${limit} bytes`);
    }
    return raw;
  }
  function address(value, where) {
    if (typeof value !== "string" || !CHAIN_HEX.test(value) || value.length !== 42) {
      throw invalid(`${where} must be a 0x-prefixed 20-byte address`);
    }
    const digits = value.slice(2);
    const raw = fromHex(digits);
    if (digits !== digits.toLowerCase() && digits !== digits.toUpperCase() && toChecksumAddress(raw) !== value) {
      throw invalid(`${where} has a wrong EIP-55 checksum`);
    }
    return raw;
  }
  function toChecksumAddress(raw) {
    if (raw.length !== 20) throw invalid(`an address is 20 bytes, got ${raw.length}`);
    const digits = toHex(raw);
    const check2 = toHex(keccak_256(new TextEncoder().encode(digits)));
    let out = "0x";
    for (let i = 0; i < 40; i++) out += parseInt(check2[i], 16) >= 8 ? digits[i].toUpperCase() : digits[i];
    return out;
  }

  // verifier/web/src/rlp.js
  var MAX_DEPTH = 32;
  var SHORT_LIMIT = 56;
  function bad(message) {
    return new VerifyError("InvalidRLP", message);
  }
  var hex2 = (b) => b.toString(16).padStart(2, "0");
  function decode(data, maxDepth = MAX_DEPTH) {
    if (!(data instanceof Uint8Array)) throw bad(`RLP input must be bytes, got ${typeof data}`);
    const [item, end] = decodeAt(data, 0, data.length, 0, maxDepth);
    if (end !== data.length) throw bad(`${data.length - end} trailing bytes after the RLP item at offset ${end}`);
    return item;
  }
  function decodeAt(data, pos, end, depth, maxDepth) {
    if (pos >= end) throw bad(`truncated: an item was expected at offset ${pos}`);
    const prefix = data[pos];
    if (prefix < 128) return [data.slice(pos, pos + 1), pos + 1];
    if (prefix < 184) {
      const length2 = prefix - 128;
      const start2 = pos + 1;
      checkRoom(start2, length2, end, pos);
      if (length2 === 1 && data[start2] < 128) {
        throw bad(`non-canonical: byte 0x${hex2(data[start2])} at offset ${pos} must be encoded as itself`);
      }
      return [data.slice(start2, start2 + length2), start2 + length2];
    }
    if (prefix < 192) {
      const [length2, start2] = longLength(data, pos, prefix - 183, end);
      checkRoom(start2, length2, end, pos);
      return [data.slice(start2, start2 + Number(length2)), start2 + Number(length2)];
    }
    let length;
    let start;
    if (prefix < 248) [length, start] = [prefix - 192, pos + 1];
    else [length, start] = longLength(data, pos, prefix - 247, end);
    checkRoom(start, length, end, pos);
    if (depth >= maxDepth) throw bad(`lists nest deeper than ${maxDepth} levels at offset ${pos}`);
    const stop = start + Number(length);
    const items = [];
    let cursor = start;
    while (cursor < stop) {
      let item;
      [item, cursor] = decodeAt(data, cursor, stop, depth + 1, maxDepth);
      items.push(item);
    }
    return [items, stop];
  }
  function longLength(data, pos, sizeLen, end) {
    const start = pos + 1 + sizeLen;
    if (start > end) throw bad(`truncated: the length of the item at offset ${pos} is cut off`);
    if (data[pos + 1] === 0) throw bad(`non-canonical: the length at offset ${pos} has leading zero bytes`);
    const length = bytesToBigInt(data.subarray(pos + 1, start));
    if (length < BigInt(SHORT_LIMIT)) {
      throw bad(`non-canonical: long form used for a length of ${length} at offset ${pos} (under 56)`);
    }
    return [length, start];
  }
  function checkRoom(start, length, end, pos) {
    if (BigInt(start) + BigInt(length) > BigInt(end)) {
      const remain = Math.max(end - start, 0);
      throw bad(`truncated: the item at offset ${pos} needs ${length} bytes, ${remain} left`);
    }
  }
  function encode(item) {
    if (typeof item === "bigint" || typeof item === "number") item = encodeUint(BigInt(item));
    if (item instanceof Uint8Array) {
      if (item.length === 1 && item[0] < 128) return item.slice();
      return concat(lengthPrefix(128, item.length), item);
    }
    if (Array.isArray(item)) {
      const payload = concat(...item.map(encode));
      return concat(lengthPrefix(192, payload.length), payload);
    }
    throw new TypeError(`cannot RLP-encode a ${typeof item}`);
  }
  function lengthPrefix(offset, length) {
    if (length < SHORT_LIMIT) return Uint8Array.of(offset + length);
    const size = encodeUint(BigInt(length));
    return concat(Uint8Array.of(offset + 55 + size.length), size);
  }
  function encodeUint(value) {
    if (value < 0n) throw new RangeError("RLP integers are non-negative");
    const out = [];
    for (let n = value; n > 0n; n >>= 8n) out.unshift(Number(n & 255n));
    return Uint8Array.from(out);
  }
  function decodeUint(raw, maxBytes = 32) {
    if (raw.length > maxBytes) throw bad(`integer of ${raw.length} bytes exceeds ${maxBytes} bytes`);
    if (raw.length && raw[0] === 0) throw bad("non-canonical integer: leading zero byte");
    return bytesToBigInt(raw);
  }

  // verifier/web/src/mpt.js
  var HASH_SIZE = 32;
  var BRANCH_WIDTH = 17;
  function trie(message) {
    return new VerifyError("TrieProofError", message);
  }
  function absent(message) {
    return new VerifyError("KeyNotInTrie", message);
  }
  function rootMismatch(computed, expected, what = "root") {
    const error = new VerifyError(
      "RootMismatchError",
      `${what} mismatch: the proof leads to ${toHex(computed)}, expected ${toHex(expected)}`
    );
    error.computed = computed;
    error.expected = expected;
    return error;
  }
  function hexPrefixDecode(raw) {
    if (!raw.length) throw trie("a leaf or extension path is empty (no hex-prefix byte)");
    const flag = raw[0] >> 4;
    const first = raw[0] & 15;
    if (flag > 3) throw trie(`hex-prefix flag nibble ${flag} is not 0-3`);
    if (!(flag & 1) && first !== 0) throw trie("hex-prefix padding nibble of an even-length path is not zero");
    const nibbles = flag & 1 ? [first] : [];
    for (const byte of raw.subarray(1)) nibbles.push(byte >> 4, byte & 15);
    return [nibbles, Boolean(flag & 2)];
  }
  function keyNibbles(key) {
    const out = [];
    for (const byte of key) out.push(byte >> 4, byte & 15);
    return out;
  }
  function sameNibbles(a, b) {
    return a.length === b.length && a.every((n, i) => n === b[i]);
  }
  function verifyMptProof(root, key, proof) {
    if (!(root instanceof Uint8Array) || root.length !== HASH_SIZE) throw trie("the trie root must be 32 bytes");
    if (!Array.isArray(proof) || !proof.length) throw trie("the proof must be a non-empty sequence of RLP nodes");
    if (proof.length > 2 * key.length + 1) {
      throw trie(`the proof has ${proof.length} nodes, more than any path for the key`);
    }
    const computed = keccak256(proof[0]);
    if (!equal(computed, root)) throw rootMismatch(computed, root, "trie root");
    const nibbles = keyNibbles(key);
    let used = 1;
    let node = nodeOf(proof[0], 0);
    let pos = 0;
    let afterExtension = false;
    for (; ; ) {
      let ref;
      if (node.length === BRANCH_WIDTH) {
        if (pos === nibbles.length) {
          const value = valueOf(node[16], "branch");
          if (!value.length) {
            finish(proof, used);
            throw absent("the key ends at a branch node that holds no value");
          }
          return finish(proof, used, value);
        }
        ref = node[nibbles[pos]];
        pos += 1;
        afterExtension = false;
      } else {
        if (afterExtension) throw trie("an extension node points to another leaf or extension");
        const [path, isLeaf] = hexPrefixDecode(valueOf(node[0], "path"));
        if (isLeaf) {
          if (!sameNibbles(nibbles.slice(pos), path)) {
            finish(proof, used);
            throw absent("the proof reaches a leaf for a different key");
          }
          const value = valueOf(node[1], "leaf");
          if (!value.length) throw trie("a leaf node holds an empty value");
          return finish(proof, used, value);
        }
        if (!path.length) throw trie("an extension node has an empty path");
        if (!sameNibbles(nibbles.slice(pos, pos + path.length), path)) {
          finish(proof, used);
          throw absent("the key leaves the path of an extension node");
        }
        pos += path.length;
        ref = node[1];
        afterExtension = true;
      }
      if (Array.isArray(ref)) {
        if (encode(ref).length >= HASH_SIZE) throw trie("a child node of 32 bytes or more is embedded, not hashed");
        node = checkShape(ref, `embedded node after proof node ${used - 1}`);
        continue;
      }
      if (!ref.length) {
        finish(proof, used);
        throw absent("the key's branch slot is empty");
      }
      if (ref.length !== HASH_SIZE) throw trie(`a child reference is ${ref.length} bytes, not 0 or 32`);
      if (used === proof.length) throw trie(`the proof ends after ${used} nodes; the path continues`);
      const raw = proof[used];
      if (!equal(keccak256(raw), ref)) throw trie(`proof node ${used} does not hash to its parent's reference`);
      if (raw.length < HASH_SIZE) throw trie(`proof node ${used} is under 32 bytes and must be embedded`);
      node = nodeOf(raw, used);
      used += 1;
    }
  }
  function nodeOf(raw, index) {
    let item;
    try {
      item = decode(raw);
    } catch (error) {
      if (error instanceof VerifyError && error.type === "InvalidRLP") {
        throw trie(`proof node ${index} is not canonical RLP: ${error.message}`);
      }
      throw error;
    }
    if (!Array.isArray(item)) throw trie(`proof node ${index} is an RLP string, not a list`);
    return checkShape(item, `proof node ${index}`);
  }
  function checkShape(node, what) {
    if (node.length !== 2 && node.length !== BRANCH_WIDTH) {
      throw trie(`${what} has ${node.length} items; trie nodes have 2 or 17`);
    }
    return node;
  }
  function valueOf(item, what) {
    if (Array.isArray(item)) throw trie(`the ${what} field of a trie node is a list, not a byte string`);
    return item;
  }
  function finish(proof, used, value = new Uint8Array(0)) {
    if (used !== proof.length) throw trie(`the proof has ${proof.length - used} nodes beyond the key's path`);
    return value;
  }

  // verifier/web/src/ethereum.js
  var HASH_SIZE2 = 32;
  var ADDRESS_SIZE = 20;
  var BLOOM_SIZE = 256;
  var MAX_TOPICS = 4;
  var RECEIPT_TYPES = [1, 2, 3, 4];
  var FORKS_BY_FIELD_COUNT = { 15: "frontier", 16: "london", 17: "shanghai", 20: "cancun", 21: "prague" };
  function headerItems(raw) {
    let item;
    try {
      item = decode(raw);
    } catch (error) {
      if (error instanceof VerifyError && error.type === "InvalidRLP") {
        throw new VerifyError("InvalidHeader", `block header is not canonical RLP: ${error.message}`);
      }
      throw error;
    }
    if (!Array.isArray(item)) throw new VerifyError("InvalidHeader", "block header is an RLP string, not a list");
    if (!(item.length in FORKS_BY_FIELD_COUNT)) {
      const counts = Object.entries(FORKS_BY_FIELD_COUNT).map(([n, fork]) => `${n} (${fork})`).join(", ");
      throw new VerifyError("InvalidHeader", `block header has ${item.length} fields; known layouts have ${counts}`);
    }
    return item;
  }
  function fixed(item, size, name, type) {
    if (Array.isArray(item)) throw new VerifyError(type, `${name} is an RLP list, expected ${size} bytes`);
    if (item.length !== size) throw new VerifyError(type, `${name} is ${item.length} bytes, expected ${size}`);
    return item;
  }
  function uintField(item, maxBytes, name, type) {
    if (Array.isArray(item)) throw new VerifyError(type, `${name} is an RLP list, expected an integer`);
    try {
      return decodeUint(item, maxBytes);
    } catch (error) {
      if (error instanceof VerifyError && error.type === "InvalidRLP") throw new VerifyError(type, `${name}: ${error.message}`);
      throw error;
    }
  }
  function bytesField(item, name, type) {
    if (Array.isArray(item)) throw new VerifyError(type, `${name} is an RLP list, expected bytes`);
    return item;
  }
  function decodeHeader(raw) {
    if (!(raw instanceof Uint8Array)) throw new VerifyError("InvalidHeader", `block header must be bytes, got ${typeof raw}`);
    const f = headerItems(raw);
    const e = "InvalidHeader";
    const n = f.length;
    const header = {
      parentHash: fixed(f[0], HASH_SIZE2, "parentHash", e),
      ommersHash: fixed(f[1], HASH_SIZE2, "ommersHash", e),
      coinbase: fixed(f[2], ADDRESS_SIZE, "coinbase", e),
      stateRoot: fixed(f[3], HASH_SIZE2, "stateRoot", e),
      transactionsRoot: fixed(f[4], HASH_SIZE2, "transactionsRoot", e),
      receiptsRoot: fixed(f[5], HASH_SIZE2, "receiptsRoot", e),
      logsBloom: fixed(f[6], BLOOM_SIZE, "logsBloom", e),
      difficulty: uintField(f[7], 32, "difficulty", e),
      number: uintField(f[8], 8, "number", e),
      gasLimit: uintField(f[9], 8, "gasLimit", e),
      gasUsed: uintField(f[10], 8, "gasUsed", e),
      timestamp: uintField(f[11], 8, "timestamp", e),
      extraData: bytesField(f[12], "extraData", e),
      mixHash: fixed(f[13], HASH_SIZE2, "mixHash", e),
      nonce: fixed(f[14], 8, "nonce", e),
      encoded: raw
    };
    header.baseFeePerGas = n > 15 ? uintField(f[15], 32, "baseFeePerGas", e) : null;
    header.withdrawalsRoot = n > 16 ? fixed(f[16], HASH_SIZE2, "withdrawalsRoot", e) : null;
    header.blobGasUsed = n > 17 ? uintField(f[17], 8, "blobGasUsed", e) : null;
    header.excessBlobGas = n > 18 ? uintField(f[18], 8, "excessBlobGas", e) : null;
    header.parentBeaconBlockRoot = n > 19 ? fixed(f[19], HASH_SIZE2, "parentBeaconBlockRoot", e) : null;
    header.requestsHash = n > 20 ? fixed(f[20], HASH_SIZE2, "requestsHash", e) : null;
    header.hash = keccak256(raw);
    header.fork = FORKS_BY_FIELD_COUNT[n];
    return header;
  }
  function verifyHeader(raw, blockHash) {
    if (!(blockHash instanceof Uint8Array) || blockHash.length !== HASH_SIZE2) {
      throw new VerifyError("InvalidHeader", "the block hash must be 32 bytes");
    }
    const header = decodeHeader(raw);
    if (!equal(header.hash, blockHash)) {
      throw new VerifyError(
        "HeaderMismatch",
        `block header hashes to 0x${toHex(header.hash)}, not the block hash 0x${toHex(blockHash)}`
      );
    }
    return header;
  }
  function logsBloom(logs) {
    const bloom = new Uint8Array(BLOOM_SIZE);
    for (const log of logs) {
      for (const value of [log.address, ...log.topics]) {
        const digest = keccak256(value);
        for (const i of [0, 2, 4]) {
          const bit = (digest[i] << 8 | digest[i + 1]) & 2047;
          bloom[BLOOM_SIZE - 1 - (bit >> 3)] |= 1 << bit % 8;
        }
      }
    }
    return bloom;
  }
  function decodeReceipt(raw) {
    const e = "InvalidReceipt";
    if (!(raw instanceof Uint8Array) || !raw.length) throw new VerifyError(e, "a receipt must be non-empty bytes");
    let txType;
    let payload;
    if (raw[0] >= 192) [txType, payload] = [0, raw];
    else if (RECEIPT_TYPES.includes(raw[0])) [txType, payload] = [raw[0], raw.subarray(1)];
    else throw new VerifyError(e, `receipt type 0x${raw[0].toString(16).padStart(2, "0")} is not legacy or one of 1-4`);
    let item;
    try {
      item = decode(payload);
    } catch (error) {
      if (error instanceof VerifyError && error.type === "InvalidRLP") {
        throw new VerifyError(e, `receipt is not canonical RLP: ${error.message}`);
      }
      throw error;
    }
    if (!Array.isArray(item) || item.length !== 4) throw new VerifyError(e, "a receipt must be an RLP list of 4 fields");
    const statusRaw = bytesField(item[0], "status", e);
    if (!(statusRaw.length === 0 || statusRaw.length === 1 && statusRaw[0] === 1)) {
      throw new VerifyError(
        e,
        "status must be 0 or 1 (a pre-Byzantium receipt with a state root is not supported)"
      );
    }
    if (!Array.isArray(item[3])) throw new VerifyError(e, "logs must be an RLP list");
    const logs = item[3].map((entry, i) => logOf(entry, i));
    const bloom = fixed(item[2], BLOOM_SIZE, "logsBloom", e);
    if (!equal(bloom, logsBloom(logs))) throw new VerifyError(e, "logsBloom does not match the receipt's logs");
    return {
      txType,
      status: statusRaw.length,
      cumulativeGasUsed: uintField(item[1], 8, "cumulativeGasUsed", e),
      logsBloom: bloom,
      logs
    };
  }
  function logOf(entry, index) {
    const e = "InvalidReceipt";
    if (!Array.isArray(entry) || entry.length !== 3) {
      throw new VerifyError(e, `log ${index} must be an RLP list [address, topics, data]`);
    }
    const topics = entry[1];
    if (!Array.isArray(topics) || topics.length > MAX_TOPICS) {
      throw new VerifyError(e, `log ${index} topics must be a list of at most ${MAX_TOPICS}`);
    }
    return {
      address: fixed(entry[0], ADDRESS_SIZE, `log ${index} address`, e),
      topics: topics.map((t, j) => fixed(t, HASH_SIZE2, `log ${index} topic ${j}`, e)),
      data: bytesField(entry[2], `log ${index} data`, e)
    };
  }
  function receiptKey(txIndex) {
    if (typeof txIndex !== "bigint" || txIndex < 0n || txIndex >= 2n ** 64n) {
      throw new VerifyError("ReceiptProofError", `tx_index must be an integer in [0, 2^64), got ${txIndex}`);
    }
    return encode(txIndex);
  }
  function verifyReceiptProof(receiptsRoot, txIndex, receipt, proof) {
    checkBlockTrieValue([receiptsRoot, "receiptsRoot"], txIndex, receipt, proof, ["ReceiptProofError", "receipt"]);
    return decodeReceipt(receipt);
  }
  function checkBlockTrieValue(root, txIndex, value, proof, fault) {
    const [type, what] = fault;
    let proven;
    try {
      proven = verifyMptProof(root[0], receiptKey(txIndex), proof);
    } catch (error) {
      if (error instanceof VerifyError && error.type === "RootMismatchError") {
        const renamed2 = new VerifyError(
          "RootMismatchError",
          `${root[1]} mismatch: the proof leads to ${toHex(error.computed)}, expected ${toHex(error.expected)}`
        );
        Object.assign(renamed2, { computed: error.computed, expected: error.expected });
        throw renamed2;
      }
      if (error instanceof VerifyError && (error.type === "TrieProofError" || error.type === "KeyNotInTrie")) {
        throw new VerifyError(type, `${what} proof for tx_index ${txIndex}: ${error.message}`);
      }
      throw error;
    }
    if (!equal(proven, value)) {
      throw new VerifyError(type, `the proof proves a different ${what} at tx_index ${txIndex} than the one given`);
    }
  }

  // verifier/web/src/ssz.js
  var CHUNK = 32;
  var MAX_DEPTH2 = 64;
  function sha2562(data) {
    return sha256(data);
  }
  var ZERO_HASHES = [new Uint8Array(CHUNK)];
  for (let d = 0; d < MAX_DEPTH2; d++) ZERO_HASHES.push(sha2562(concat(ZERO_HASHES[d], ZERO_HASHES[d])));
  function checkHash2(value, what) {
    if (!(value instanceof Uint8Array) || value.length !== CHUNK) throw new VerifyError("HashLengthError", `${what} must be 32 bytes`);
  }
  function rootFromMerkleBranch(leaf, branch2, depth, index) {
    checkHash2(leaf, "leaf");
    if (!(depth >= 0 && depth <= MAX_DEPTH2) || branch2.length !== depth) {
      throw new VerifyError("ProofLengthError", `a branch of depth ${depth} has ${depth} hashes, got ${branch2.length}`);
    }
    const at = BigInt(index);
    if (!(at >= 0n && at < 2n ** BigInt(depth))) throw new VerifyError("IndexOutOfRangeError", `index ${index} is not below 2**${depth}`);
    let node = leaf;
    branch2.forEach((sibling, height) => {
      checkHash2(sibling, `branch hash ${height}`);
      node = at >> BigInt(height) & 1n ? sha2562(concat(sibling, node)) : sha2562(concat(node, sibling));
    });
    return node;
  }
  function verifyMerkleBranch(leaf, branch2, depth, index, root, what) {
    checkHash2(root, `${what} root`);
    const computed = rootFromMerkleBranch(leaf, branch2, depth, index);
    if (!equal(computed, root)) throw rootMismatch(computed, root, what);
  }
  function merkleize(chunks, limit) {
    if (!(limit >= 1 && limit <= 2 ** MAX_DEPTH2) || chunks.length > limit) {
      throw new VerifyError("ProofLengthError", `${chunks.length} chunks do not fit a limit of ${limit}`);
    }
    const depth = (limit - 1).toString(2).replace(/^0$/, "").length;
    let layer = [...chunks];
    for (let height = 0; height < depth; height++) {
      if (layer.length % 2) layer.push(ZERO_HASHES[height]);
      const next = [];
      for (let i = 0; i < layer.length; i += 2) next.push(sha2562(concat(layer[i], layer[i + 1])));
      layer = next;
    }
    return layer.length ? layer[0] : ZERO_HASHES[depth];
  }
  function mixInLength(root, length) {
    return sha2562(concat(root, bigIntToBytes(BigInt(length), CHUNK).reverse()));
  }

  // verifier/web/src/beacon.js
  var NETWORK = "mainnet";
  var CHAIN_ID = 1n;
  var GENESIS_TIME = 1606824023n;
  var SECONDS_PER_SLOT = 12n;
  var SLOTS_PER_EPOCH = 32n;
  var SLOTS_PER_HISTORICAL_ROOT = 8192n;
  var CAPELLA_SLOT = 194048n * SLOTS_PER_EPOCH;
  var DENEB_SLOT = 269568n * SLOTS_PER_EPOCH;
  var HISTORICAL_SUMMARIES_LIMIT = 2 ** 24;
  var MAX_SLOT = 2n ** 64n - 1n;
  var MAX_ISO_TIME = 253402300800n;
  var CAPELLA = "historical_summaries_capella";
  var DENEB = "historical_summaries_deneb";
  var EXECUTION_PROOF = { [CAPELLA]: [11, (4 * 16 + 9) * 16 + 12], [DENEB]: [12, (4 * 16 + 9) * 32 + 12] };
  var BEACON_PROOF_DEPTH = 13;
  var SLOT_SIZE = 8;
  var TRUST_ROOT_KEYS = ["format", "version", "network", "chain_id", "slot", "historical_summaries_root", "historical_summaries"];
  var floorDiv = (a, b) => a >= 0n ? a / b : -((-a + b - 1n) / b);
  function slotTime(slot) {
    return GENESIS_TIME + SECONDS_PER_SLOT * slot;
  }
  function utc(unixTime) {
    if (!(unixTime >= 0n && unixTime < MAX_ISO_TIME)) return `Unix time ${unixTime}`;
    return new Date(Number(unixTime) * 1e3).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  function periodOf(slot) {
    return floorDiv(slot - CAPELLA_SLOT, SLOTS_PER_HISTORICAL_ROOT);
  }
  function periodCloses(slot) {
    return utc(slotTime(CAPELLA_SLOT + (periodOf(slot) + 1n) * SLOTS_PER_HISTORICAL_ROOT));
  }
  function proofTypeFor(timestamp) {
    if (timestamp >= slotTime(DENEB_SLOT)) return DENEB;
    if (timestamp >= slotTime(CAPELLA_SLOT)) return CAPELLA;
    throw new VerifyError(
      "UnsupportedBlockProof",
      `the block of ${utc(timestamp)} is before Capella: its proof (historical_roots or the pre-merge accumulator) is not implemented; verify it with --rpc`
    );
  }
  function untrusted(message) {
    return new VerifyError("InvalidTrustRoot", message);
  }
  function historicalSummaries(slot, summaries) {
    if (typeof slot !== "bigint" || !(slot >= CAPELLA_SLOT && slot <= MAX_SLOT)) {
      throw untrusted(`the trust root's slot must be an integer >= ${CAPELLA_SLOT}`);
    }
    if (BigInt(summaries.length) !== periodOf(slot)) {
      throw untrusted(`the state at slot ${slot} has ${periodOf(slot)} historical summaries, not ${summaries.length}`);
    }
    const leaves = summaries.map(([block, state]) => sha2562(concat(block, state)));
    const root = mixInLength(merkleize(leaves, HISTORICAL_SUMMARIES_LIMIT), leaves.length);
    return { slot, summaries, root };
  }
  function parseTrustRoot(text) {
    const doc = parseJson(text, {
      type: "InvalidTrustRoot",
      what: "the trust root",
      duplicate: () => {
      },
      constant: (name) => {
        throw untrusted(`the trust root is not JSON text: ${name}`);
      }
    });
    const keys = isObject(doc) ? Object.keys(doc) : [];
    if (!isObject(doc) || keys.length !== TRUST_ROOT_KEYS.length || !TRUST_ROOT_KEYS.every((k) => keys.includes(k))) {
      throw untrusted(`a trust root has exactly the keys [${[...TRUST_ROOT_KEYS].sort().map(pyRepr).join(", ")}]`);
    }
    const expected = [["format", "ipledger-trust-root"], ["version", 1n], ["network", NETWORK], ["chain_id", CHAIN_ID]];
    for (const [key, value] of expected) {
      if (doc[key] !== value) throw untrusted(`the trust root's ${key} must be ${typeof value === "string" ? pyRepr(value) : value}`);
    }
    if (typeof doc.slot !== "bigint") throw untrusted("the trust root's slot must be an integer");
    const stated = doc.historical_summaries_root;
    if (typeof stated !== "string" || !/^0x[0-9a-f]{64}$/.test(stated)) {
      throw untrusted("historical_summaries_root must be 0x and 64 lowercase hex");
    }
    const data = typeof doc.historical_summaries === "string" ? b64decodeStrict(doc.historical_summaries) : null;
    if (data === null) throw untrusted("historical_summaries must be the list's SSZ in base64");
    if (data.length % (2 * CHUNK)) throw untrusted("historical_summaries SSZ is not a whole number of 64 bytes");
    if (data.length / (2 * CHUNK) > HISTORICAL_SUMMARIES_LIMIT) throw untrusted("historical_summaries SSZ holds more than 2**24 summaries");
    const pairs = [];
    for (let i = 0; i < data.length; i += 2 * CHUNK) pairs.push([data.slice(i, i + CHUNK), data.slice(i + CHUNK, i + 2 * CHUNK)]);
    const summaries = historicalSummaries(doc.slot, pairs);
    if ("0x" + toHex(summaries.root) !== stated) {
      throw untrusted(`historical_summaries hash to 0x${toHex(summaries.root)}, not the stated historical_summaries_root ${stated}`);
    }
    return summaries;
  }
  function coversSlot(trustRoot, slot) {
    return slot >= CAPELLA_SLOT && periodOf(slot) < BigInt(trustRoot.summaries.length);
  }
  function blockProofFromSsz(type, data) {
    if (!(type in EXECUTION_PROOF)) throw new VerifyError("InvalidBlockProof", `unknown block proof type ${pyRepr(type)}`);
    const depth = EXECUTION_PROOF[type][0];
    const size = (BEACON_PROOF_DEPTH + 1 + depth) * CHUNK + SLOT_SIZE;
    if (!(data instanceof Uint8Array) || data.length !== size) {
      throw new VerifyError("InvalidBlockProof", `a ${type} proof is ${size} bytes of SSZ`);
    }
    const hashes = [];
    for (let i = 0; i < size - SLOT_SIZE; i += CHUNK) hashes.push(data.slice(i, i + CHUNK));
    let slot = 0n;
    for (let i = size - 1; i >= size - SLOT_SIZE; i--) slot = slot << 8n | BigInt(data[i]);
    return {
      type,
      beaconBlockProof: hashes.slice(0, BEACON_PROOF_DEPTH),
      beaconBlockRoot: hashes[BEACON_PROOF_DEPTH],
      executionBlockProof: hashes.slice(BEACON_PROOF_DEPTH + 1),
      slot
    };
  }
  function branch(leaf, hashes, [depth, index], root, what) {
    try {
      verifyMerkleBranch(leaf, hashes, depth, index, root, what);
    } catch (error) {
      if (error instanceof VerifyError && error.type === "RootMismatchError") throw new VerifyError("CanonicalityError", error.message);
      throw error;
    }
  }
  function verifyBlockProof(blockHash, timestamp, number, proof, trustRoot) {
    const expected = proofTypeFor(timestamp);
    if (proof.type !== expected) {
      throw new VerifyError("InvalidBlockProof", `a block of ${utc(timestamp)} needs a ${expected} proof, not ${proof.type}`);
    }
    if (slotTime(proof.slot) !== timestamp) {
      throw new VerifyError(
        "CanonicalityError",
        `slot ${proof.slot} starts at ${utc(slotTime(proof.slot))}, not at the header's time ${utc(timestamp)}`
      );
    }
    branch(
      blockHash,
      proof.executionBlockProof,
      EXECUTION_PROOF[proof.type],
      proof.beaconBlockRoot,
      "execution block proof (block hash in beacon block)"
    );
    if (!coversSlot(trustRoot, proof.slot)) {
      const closes = periodCloses(proof.slot);
      const error = new VerifyError(
        "BlockAfterTrustRoot",
        `the block at slot ${proof.slot} is after the trust root at slot ${trustRoot.slot}: it needs a trust root taken after ${closes} (or --rpc)`
      );
      Object.assign(error, { slot: proof.slot, trustRootSlot: trustRoot.slot, periodCloses: closes });
      throw error;
    }
    const blockSummaryRoot = trustRoot.summaries[Number(periodOf(proof.slot))][0];
    branch(
      proof.beaconBlockRoot,
      proof.beaconBlockProof,
      [BEACON_PROOF_DEPTH, proof.slot % SLOTS_PER_HISTORICAL_ROOT],
      blockSummaryRoot,
      "beacon block proof (beacon block in historical summary)"
    );
    return {
      number,
      hash: blockHash,
      timestamp,
      slot: proof.slot,
      beaconBlockRoot: proof.beaconBlockRoot,
      proofType: proof.type,
      trustRootSlot: trustRoot.slot,
      trustRoot: "0x" + toHex(trustRoot.root),
      chainId: CHAIN_ID
    };
  }

  // node_modules/@noble/hashes/hmac.js
  var _HMAC = class {
    oHash;
    iHash;
    blockLen;
    outputLen;
    canXOF = false;
    finished = false;
    destroyed = false;
    constructor(hash, key) {
      ahash(hash);
      abytes(key, void 0, "key");
      this.iHash = hash.create();
      if (typeof this.iHash.update !== "function")
        throw new Error("expected Hash instance");
      this.blockLen = this.iHash.blockLen;
      this.outputLen = this.iHash.outputLen;
      const blockLen = this.blockLen;
      const pad2 = new Uint8Array(blockLen);
      pad2.set(key.length > blockLen ? hash.create().update(key).digest() : key);
      for (let i = 0; i < pad2.length; i++)
        pad2[i] ^= 54;
      this.iHash.update(pad2);
      this.oHash = hash.create();
      for (let i = 0; i < pad2.length; i++)
        pad2[i] ^= 54 ^ 92;
      this.oHash.update(pad2);
      clean(pad2);
    }
    update(buf) {
      aexists(this);
      this.iHash.update(buf);
      return this;
    }
    digestInto(out) {
      aexists(this);
      aoutput(out, this);
      this.finished = true;
      const buf = out.subarray(0, this.outputLen);
      this.iHash.digestInto(buf);
      this.oHash.update(buf);
      this.oHash.digestInto(buf);
      this.destroy();
    }
    digest() {
      const out = new Uint8Array(this.oHash.outputLen);
      this.digestInto(out);
      return out;
    }
    _cloneInto(to) {
      to ||= Object.create(Object.getPrototypeOf(this), {});
      const { oHash, iHash, finished, destroyed, blockLen, outputLen, canXOF } = this;
      to = to;
      to.finished = finished;
      to.destroyed = destroyed;
      to.blockLen = blockLen;
      to.outputLen = outputLen;
      to.canXOF = canXOF;
      to.oHash = oHash._cloneInto(to.oHash);
      to.iHash = iHash._cloneInto(to.iHash);
      return to;
    }
    clone() {
      return this._cloneInto();
    }
    destroy() {
      this.destroyed = true;
      this.oHash.destroy();
      this.iHash.destroy();
    }
  };
  var hmac = /* @__PURE__ */ (() => {
    const hmac_ = ((hash, key, message) => new _HMAC(hash, key).update(message).digest());
    hmac_.create = (hash, key) => new _HMAC(hash, key);
    return hmac_;
  })();

  // node_modules/@noble/curves/abstract/der.js
  var _0n6 = /* @__PURE__ */ BigInt(0);
  var DERErr = class extends Error {
    constructor(m = "") {
      super(m);
    }
  };
  var _DER = {
    // asn.1 DER encoding utils
    Err: DERErr,
    // Basic building block is TLV (Tag-Length-Value)
    _tlv: {
      encode: (tag, data) => {
        const { Err: E } = _DER;
        asafenumber(tag, "tag");
        if (tag < 0 || tag > 255)
          throw new E("tlv.encode: wrong tag");
        astring(data, "data");
        if (data.length & 1)
          throw new E("tlv.encode: unpadded data");
        const dataLen = data.length / 2;
        const len = numberToHexUnpadded(dataLen);
        if (len.length / 2 & 128)
          throw new E("tlv.encode: long form length too big");
        const lenLen = dataLen > 127 ? numberToHexUnpadded(len.length / 2 | 128) : "";
        const t = numberToHexUnpadded(tag);
        return t + lenLen + len + data;
      },
      // v - value, l - left bytes (unparsed)
      decode(tag, data) {
        const { Err: E } = _DER;
        data = abytes2(data, void 0, "DER data");
        let pos = 0;
        if (tag < 0 || tag > 255)
          throw new E("tlv.decode: wrong tag");
        if (data.length < 2 || data[pos++] !== tag)
          throw new E("tlv.decode: wrong tlv");
        const first = data[pos++];
        const isLong = !!(first & 128);
        let length = 0;
        if (!isLong)
          length = first;
        else {
          const lenLen = first & 127;
          if (!lenLen)
            throw new E("tlv.decode(long): indefinite length not supported");
          if (lenLen > 4)
            throw new E("tlv.decode(long): byte length is too big");
          const lengthBytes = data.subarray(pos, pos + lenLen);
          if (lengthBytes.length !== lenLen)
            throw new E("tlv.decode: length bytes not complete");
          if (lengthBytes[0] === 0)
            throw new E("tlv.decode(long): zero leftmost byte");
          for (const b of lengthBytes)
            length = length << 8 | b;
          pos += lenLen;
          if (length < 128)
            throw new E("tlv.decode(long): not minimal encoding");
        }
        const v = data.subarray(pos, pos + length);
        if (v.length !== length)
          throw new E("tlv.decode: wrong value length");
        return { v, l: data.subarray(pos + length) };
      }
    },
    // https://crypto.stackexchange.com/a/57734 Leftmost bit of first byte is 'negative' flag,
    // since we always use positive integers here. It must always be empty:
    // - add zero byte if exists
    // - if next byte doesn't have a flag, leading zero is not allowed (minimal encoding)
    _int: {
      encode(num) {
        const { Err: E } = _DER;
        abignumber(num);
        if (num < _0n6)
          throw new E("integer: negative integers are not allowed");
        let hex = numberToHexUnpadded(num);
        if (Number.parseInt(hex[0], 16) & 8)
          hex = "00" + hex;
        if (hex.length & 1)
          throw new E("unexpected DER parsing assertion: unpadded hex");
        return hex;
      },
      decode(data) {
        const { Err: E } = _DER;
        if (data.length < 1)
          throw new E("invalid signature integer: empty");
        if (data[0] & 128)
          throw new E("invalid signature integer: negative");
        if (data.length > 1 && data[0] === 0 && !(data[1] & 128))
          throw new E("invalid signature integer: unnecessary leading zero");
        return bytesToNumberBE(data);
      }
    },
    toSig(bytes, maxScalarBytes) {
      const { Err: E, _int: int, _tlv: tlv } = _DER;
      if (maxScalarBytes !== void 0) {
        asafenumber(maxScalarBytes, "maxScalarBytes");
        if (maxScalarBytes < 1)
          throw new E("invalid signature: maxScalarBytes must be positive");
      }
      const data = abytes2(bytes, void 0, "signature");
      const { v: seqBytes, l: seqLeftBytes } = tlv.decode(48, data);
      if (seqLeftBytes.length)
        throw new E("invalid signature: left bytes after parsing");
      const { v: rBytes, l: rLeftBytes } = tlv.decode(2, seqBytes);
      const { v: sBytes, l: sLeftBytes } = tlv.decode(2, rLeftBytes);
      if (sLeftBytes.length)
        throw new E("invalid signature: left bytes after parsing");
      if (maxScalarBytes !== void 0 && (rBytes.length > maxScalarBytes || sBytes.length > maxScalarBytes))
        throw new E("invalid signature: integer too large");
      return { r: int.decode(rBytes), s: int.decode(sBytes) };
    },
    hexFromSig(sig) {
      const { _tlv: tlv, _int: int } = _DER;
      validateObject(sig, { r: "bigint", s: "bigint" }, {}, "sig");
      const rs = tlv.encode(2, int.encode(sig.r));
      const ss = tlv.encode(2, int.encode(sig.s));
      const seq = rs + ss;
      return tlv.encode(48, seq);
    }
  };
  var DER = /* @__PURE__ */ (() => {
    Object.freeze(_DER._tlv);
    Object.freeze(_DER._int);
    return Object.freeze(_DER);
  })();

  // node_modules/@noble/curves/abstract/weierstrass.js
  var divNearest = (num, den) => (num + (num >= 0 ? den : -den) / _2n5) / den;
  function _splitEndoScalar(k, basis, n) {
    aInRange("scalar", k, _0n7, n);
    const [[a1, b1], [a2, b2]] = basis;
    const c1 = divNearest(b2 * k, n);
    const c2 = divNearest(-b1 * k, n);
    let k1 = k - c1 * a1 - c2 * a2;
    let k2 = -c1 * b1 - c2 * b2;
    const k1neg = k1 < _0n7;
    const k2neg = k2 < _0n7;
    if (k1neg)
      k1 = -k1;
    if (k2neg)
      k2 = -k2;
    const MAX_NUM = bitMask(Math.ceil(bitLen(n) / 2)) + _1n7;
    if (k1 < _0n7 || k1 >= MAX_NUM || k2 < _0n7 || k2 >= MAX_NUM) {
      throw new Error("splitScalar (endomorphism): failed for k");
    }
    return { k1neg, k1, k2neg, k2 };
  }
  function validateSigFormat(format) {
    if (!["compact", "recovered", "der"].includes(format))
      throw new Error('Signature format must be "compact", "recovered", or "der"');
    return format;
  }
  function validateSigOpts(opts, def) {
    validateObject(opts);
    const optsn = {};
    for (let optName of Object.keys(def)) {
      optsn[optName] = opts[optName] === void 0 ? def[optName] : opts[optName];
    }
    abool2(optsn.lowS, "lowS");
    abool2(optsn.prehash, "prehash");
    if (optsn.format !== void 0)
      validateSigFormat(optsn.format);
    return optsn;
  }
  var _0n7 = /* @__PURE__ */ BigInt(0);
  var _1n7 = /* @__PURE__ */ BigInt(1);
  var _2n5 = /* @__PURE__ */ BigInt(2);
  var _3n2 = /* @__PURE__ */ BigInt(3);
  var _4n4 = /* @__PURE__ */ BigInt(4);
  function weierstrass(params, extraOpts = {}) {
    const validated = createCurveFields("weierstrass", params, extraOpts);
    const Fp2 = validated.Fp;
    const Fn = validated.Fn;
    let CURVE = validated.CURVE;
    const { h: cofactor, n: CURVE_ORDER } = CURVE;
    validateObject(extraOpts, {}, {
      allowInfinityPoint: "boolean",
      clearCofactor: "function",
      isTorsionFree: "function",
      fromBytes: "function",
      toBytes: "function",
      endo: "object",
      randomBytes: "function"
    });
    const { endo: endoOpts, allowInfinityPoint, clearCofactor, isTorsionFree, fromBytes, toBytes } = extraOpts;
    const randomBytes3 = extraOpts.randomBytes === void 0 ? randomBytes2 : extraOpts.randomBytes;
    if (endoOpts) {
      if (!Fp2.is0(CURVE.a) || typeof endoOpts.beta !== "bigint" || !Array.isArray(endoOpts.basises)) {
        throw new Error('invalid endo: expected "beta": bigint and "basises": array');
      }
    }
    const endo = endoOpts ? {
      beta: endoOpts.beta,
      basises: endoOpts.basises.map((basis) => [...basis])
    } : void 0;
    const lengths = getWLengths(Fp2, Fn);
    function assertCompressionIsSupported() {
      if (!Fp2.isOdd)
        throw new Error("compression is not supported: Field does not have .isOdd()");
    }
    function pointToBytes(_c, point, isCompressed) {
      if (point.is0()) {
        if (!allowInfinityPoint)
          throw new Error("bad point: ZERO");
        return Uint8Array.of(0);
      }
      const { x, y } = point.toAffine();
      const bx = Fp2.toBytes(x);
      abool2(isCompressed, "isCompressed");
      if (isCompressed) {
        assertCompressionIsSupported();
        const hasEvenY = !Fp2.isOdd(y);
        return concatBytes2(pprefix(hasEvenY), bx);
      } else {
        return concatBytes2(Uint8Array.of(4), bx, Fp2.toBytes(y));
      }
    }
    function pointFromBytes(bytes) {
      abytes2(bytes, void 0, "Point");
      const { publicKey: comp, publicKeyUncompressed: uncomp } = lengths;
      const length = bytes.length;
      const head = bytes[0];
      const tail = bytes.subarray(1);
      if (allowInfinityPoint && length === 1 && head === 0)
        return { x: Fp2.ZERO, y: Fp2.ZERO };
      if (length === comp && (head === 2 || head === 3)) {
        const x = Fp2.fromBytes(tail);
        if (!Fp2.isValid(x))
          throw new Error("bad point: is not on curve, wrong x");
        const y2 = weierstrassEquation(x);
        let y;
        try {
          y = Fp2.sqrt(y2);
        } catch (sqrtError) {
          const err = sqrtError instanceof Error ? ": " + sqrtError.message : "";
          throw new Error("bad point: is not on curve, sqrt error" + err);
        }
        assertCompressionIsSupported();
        const evenY = Fp2.isOdd(y);
        const evenH = (head & 1) === 1;
        if (evenH !== evenY)
          y = Fp2.neg(y);
        return { x, y };
      } else if (length === uncomp && head === 4) {
        const L = Fp2.BYTES;
        const x = Fp2.fromBytes(tail.subarray(0, L));
        const y = Fp2.fromBytes(tail.subarray(L, L * 2));
        if (!isValidXY(x, y))
          throw new Error("bad point: is not on curve");
        return { x, y };
      } else {
        throw new Error(`bad point: got length ${length}, expected compressed=${comp} or uncompressed=${uncomp}`);
      }
    }
    const encodePoint = toBytes === void 0 ? pointToBytes : toBytes;
    const decodePoint = fromBytes === void 0 ? pointFromBytes : fromBytes;
    const b3 = Fp2.mul(CURVE.b, _3n2);
    const mulA = Fp2.is0(CURVE.a) ? (_) => Fp2.ZERO : (x) => Fp2.mul(CURVE.a, x);
    function weierstrassEquation(x) {
      const x2 = Fp2.sqr(x);
      const x3 = Fp2.mul(x2, x);
      return Fp2.add(Fp2.add(x3, Fp2.mul(x, CURVE.a)), CURVE.b);
    }
    function isValidXY(x, y) {
      const left = Fp2.sqr(y);
      const right = weierstrassEquation(x);
      return Fp2.eql(left, right);
    }
    if (!isValidXY(CURVE.Gx, CURVE.Gy))
      throw new Error("bad curve params: generator point");
    const _4a3 = Fp2.mul(Fp2.pow(CURVE.a, _3n2), _4n4);
    const _27b2 = Fp2.mul(Fp2.sqr(CURVE.b), BigInt(27));
    if (Fp2.is0(Fp2.add(_4a3, _27b2)))
      throw new Error("bad curve params: a or b");
    function acoord(title, n, banZero = false) {
      if (!Fp2.isValid(n) || banZero && Fp2.is0(n))
        throw new Error(`bad point coordinate ${title}`);
      return typeof n === "object" && n !== null ? Fp2.create(n) : n;
    }
    function aprjpoint(other) {
      if (!(other instanceof Point))
        throw new Error("Weierstrass Point expected");
    }
    function splitEndoScalarN(k) {
      if (!endo || !endo.basises)
        throw new Error("no endo");
      return _splitEndoScalar(k, endo.basises, Fn.ORDER);
    }
    function pushWnafPair(points, scalars, p, k) {
      if (!Fn.isValid(k))
        throw new RangeError("invalid scalar: out of range");
      if (endo) {
        const { k1neg, k1, k2neg, k2 } = splitEndoScalarN(k);
        const psi = new Point(Fp2.mul(p.X, endo.beta), p.Y, p.Z);
        points.push(k1neg ? p.negate() : p, k2neg ? psi.negate() : psi);
        scalars.push(k1, k2);
      } else {
        points.push(p);
        scalars.push(k);
      }
    }
    const validityCache = /* @__PURE__ */ new WeakSet();
    class Point {
      static BASE = new Point(CURVE.Gx, CURVE.Gy, Fp2.ONE);
      static ZERO = new Point(Fp2.ZERO, Fp2.ONE, Fp2.ZERO);
      static Fp = Fp2;
      static Fn = Fn;
      X;
      Y;
      Z;
      /** Does NOT validate if the point is valid. Use `.assertValidity()`. */
      constructor(X, Y, Z) {
        this.X = acoord("x", X);
        this.Y = acoord("y", Y, true);
        this.Z = acoord("z", Z);
        Object.freeze(this);
      }
      static CURVE() {
        return CURVE;
      }
      /** Does NOT validate if the point is valid. Use `.assertValidity()`. */
      static fromAffine(p) {
        const { x, y } = p || {};
        if (!p || !Fp2.isValid(x) || !Fp2.isValid(y))
          throw new Error("invalid affine point");
        if (p instanceof Point)
          throw new Error("projective point not allowed");
        if (Fp2.is0(x) && Fp2.is0(y))
          return Point.ZERO;
        return new Point(x, y, Fp2.ONE);
      }
      static fromBytes(bytes) {
        const P2 = Point.fromAffine(decodePoint(abytes2(bytes, void 0, "point")));
        P2.assertValidity();
        return P2;
      }
      static fromHex(hex) {
        return Point.fromBytes(hexToBytes2(hex));
      }
      get x() {
        return this.toAffine().x;
      }
      get y() {
        return this.toAffine().y;
      }
      /**
       * @param isLazy - true will defer table computation until the first multiplication
       */
      precompute(windowSize = 6, isLazy = true) {
        wnaf.setWindowSize(this, windowSize);
        if (!isLazy)
          this.multiply(_3n2);
        return this;
      }
      // TODO: return `this`
      /** A point on curve is valid if it conforms to equation. */
      assertValidity() {
        const p = this;
        if (p.is0()) {
          if (allowInfinityPoint && Fp2.is0(p.X) && Fp2.eql(p.Y, Fp2.ONE) && Fp2.is0(p.Z))
            return;
          throw new Error("bad point: ZERO");
        }
        if (validityCache.has(p))
          return;
        const { x, y } = p.toAffine();
        if (!Fp2.isValid(x) || !Fp2.isValid(y))
          throw new Error("bad point: x or y not field elements");
        if (!isValidXY(x, y))
          throw new Error("bad point: equation left != right");
        if (!p.isTorsionFree())
          throw new Error("bad point: not in prime-order subgroup");
        validityCache.add(p);
      }
      hasEvenY() {
        const { y } = this.toAffine();
        if (!Fp2.isOdd)
          throw new Error("Field doesn't support isOdd");
        return !Fp2.isOdd(y);
      }
      /** Compare one point to another. */
      equals(other) {
        aprjpoint(other);
        const { X: X1, Y: Y1, Z: Z1 } = this;
        const { X: X2, Y: Y2, Z: Z2 } = other;
        const U1 = Fp2.eql(Fp2.mul(X1, Z2), Fp2.mul(X2, Z1));
        const U2 = Fp2.eql(Fp2.mul(Y1, Z2), Fp2.mul(Y2, Z1));
        return U1 && U2;
      }
      /** Flips point to one corresponding to (x, -y) in Affine coordinates. */
      negate() {
        return new Point(this.X, Fp2.neg(this.Y), this.Z);
      }
      // Renes-Costello-Batina exception-free doubling formula.
      // There is 30% faster Jacobian formula, but it is not complete.
      // https://eprint.iacr.org/2015/1060, algorithm 3
      // Cost: 8M + 3S + 3*a + 2*b3 + 15add.
      double() {
        const { X: X1, Y: Y1, Z: Z1 } = this;
        let X3 = Fp2.ZERO, Y3 = Fp2.ZERO, Z3 = Fp2.ZERO;
        let t0 = Fp2.mul(X1, X1);
        let t1 = Fp2.mul(Y1, Y1);
        let t2 = Fp2.mul(Z1, Z1);
        let t3 = Fp2.mul(X1, Y1);
        t3 = Fp2.add(t3, t3);
        Z3 = Fp2.mul(X1, Z1);
        Z3 = Fp2.add(Z3, Z3);
        X3 = mulA(Z3);
        Y3 = Fp2.mul(b3, t2);
        Y3 = Fp2.add(X3, Y3);
        X3 = Fp2.sub(t1, Y3);
        Y3 = Fp2.add(t1, Y3);
        Y3 = Fp2.mul(X3, Y3);
        X3 = Fp2.mul(t3, X3);
        Z3 = Fp2.mul(b3, Z3);
        t2 = mulA(t2);
        t3 = Fp2.sub(t0, t2);
        t3 = mulA(t3);
        t3 = Fp2.add(t3, Z3);
        Z3 = Fp2.add(t0, t0);
        t0 = Fp2.add(Z3, t0);
        t0 = Fp2.add(t0, t2);
        t0 = Fp2.mul(t0, t3);
        Y3 = Fp2.add(Y3, t0);
        t2 = Fp2.mul(Y1, Z1);
        t2 = Fp2.add(t2, t2);
        t0 = Fp2.mul(t2, t3);
        X3 = Fp2.sub(X3, t0);
        Z3 = Fp2.mul(t2, t1);
        Z3 = Fp2.add(Z3, Z3);
        Z3 = Fp2.add(Z3, Z3);
        return new Point(X3, Y3, Z3);
      }
      // Renes-Costello-Batina exception-free addition formula.
      // There is 30% faster Jacobian formula, but it is not complete.
      // https://eprint.iacr.org/2015/1060, algorithm 1
      // Cost: 12M + 0S + 3*a + 3*b3 + 23add.
      add(other) {
        aprjpoint(other);
        const { X: X1, Y: Y1, Z: Z1 } = this;
        const { X: X2, Y: Y2, Z: Z2 } = other;
        let X3 = Fp2.ZERO, Y3 = Fp2.ZERO, Z3 = Fp2.ZERO;
        let t0 = Fp2.mul(X1, X2);
        let t1 = Fp2.mul(Y1, Y2);
        let t2 = Fp2.mul(Z1, Z2);
        let t3 = Fp2.add(X1, Y1);
        let t4 = Fp2.add(X2, Y2);
        t3 = Fp2.mul(t3, t4);
        t4 = Fp2.add(t0, t1);
        t3 = Fp2.sub(t3, t4);
        t4 = Fp2.add(X1, Z1);
        let t5 = Fp2.add(X2, Z2);
        t4 = Fp2.mul(t4, t5);
        t5 = Fp2.add(t0, t2);
        t4 = Fp2.sub(t4, t5);
        t5 = Fp2.add(Y1, Z1);
        X3 = Fp2.add(Y2, Z2);
        t5 = Fp2.mul(t5, X3);
        X3 = Fp2.add(t1, t2);
        t5 = Fp2.sub(t5, X3);
        Z3 = mulA(t4);
        X3 = Fp2.mul(b3, t2);
        Z3 = Fp2.add(X3, Z3);
        X3 = Fp2.sub(t1, Z3);
        Z3 = Fp2.add(t1, Z3);
        Y3 = Fp2.mul(X3, Z3);
        t1 = Fp2.add(t0, t0);
        t1 = Fp2.add(t1, t0);
        t2 = mulA(t2);
        t4 = Fp2.mul(b3, t4);
        t1 = Fp2.add(t1, t2);
        t2 = Fp2.sub(t0, t2);
        t2 = mulA(t2);
        t4 = Fp2.add(t4, t2);
        t0 = Fp2.mul(t1, t4);
        Y3 = Fp2.add(Y3, t0);
        t0 = Fp2.mul(t5, t4);
        X3 = Fp2.mul(t3, X3);
        X3 = Fp2.sub(X3, t0);
        t0 = Fp2.mul(t3, t1);
        Z3 = Fp2.mul(t5, Z3);
        Z3 = Fp2.add(Z3, t0);
        return new Point(X3, Y3, Z3);
      }
      subtract(other) {
        aprjpoint(other);
        return this.add(other.negate());
      }
      is0() {
        return this.equals(Point.ZERO);
      }
      /**
       * Constant time multiplication.
       * Uses precomputed tables (signed fixed-window wNAF) when available.
       * Uses scalar blinding and avoids endomorphism splitting in the secret-scalar path.
       * @param scalar - by which the point would be multiplied
       * @returns New point
       */
      multiply(scalar) {
        if (!Fn.isValidNot0(scalar))
          throw new RangeError("invalid scalar: out of range");
        const { p, f } = wnaf.mulSecret(this, scalar, cofactor, normalize);
        return normalize([p, f])[0];
      }
      /**
       * Non-constant-time multiplication. Uses width-4 wNAF with GLV endomorphism splitting
       * when available (two half-width scalars sharing one halved doubling chain).
       * It's faster, but should only be used when you don't care about
       * an exposed secret key e.g. sig verification, which works over *public* keys.
       */
      multiplyUnsafe(scalar) {
        const p = this;
        const sc = scalar;
        if (!Fn.isValid(sc))
          throw new RangeError("invalid scalar: out of range");
        if (sc === _0n7 || p.is0())
          return Point.ZERO;
        if (sc === _1n7)
          return p;
        if (wnaf.hasWindowSize(this))
          return wnaf.mulUnsafe(p, sc, normalize);
        const points = [];
        const scalars = [];
        pushWnafPair(points, scalars, p, sc);
        return mulAddUnsafe(Point, points, scalars);
      }
      /**
       * Non-constant-time double-scalar multiplication `a⋅this + b⋅other` (Strauss–Shamir).
       * Both walks share one doubling chain via {@link mulAddUnsafe}, and GLV endomorphism
       * (when available) halves the chain again by splitting each scalar into two half-width
       * parts. Used by ECDSA verification and public-key recovery for `R = u1⋅G + u2⋅P`.
       * Only for public scalars.
       */
      mulAddUnsafe(a, other, b) {
        aprjpoint(other);
        const points = [];
        const scalars = [];
        pushWnafPair(points, scalars, this, a);
        pushWnafPair(points, scalars, other, b);
        return mulAddUnsafe(Point, points, scalars);
      }
      /**
       * Converts Projective point to affine (x, y) coordinates.
       * (X, Y, Z) ∋ (x=X/Z, y=Y/Z).
       * @param invertedZ - Z^-1 (inverted zero) - optional, precomputation is useful for invertBatch
       */
      toAffine(invertedZ) {
        const p = this;
        let iz = invertedZ;
        if (iz != null && !Fp2.isValid(iz))
          throw new RangeError('"invertedZ" expected valid field element');
        const { X, Y, Z } = p;
        if (Fp2.eql(Z, Fp2.ONE))
          return { x: X, y: Y };
        const is0 = p.is0();
        if (iz == null)
          iz = is0 ? Fp2.ONE : Fp2.inv(Z);
        const x = Fp2.mul(X, iz);
        const y = Fp2.mul(Y, iz);
        const zz = Fp2.mul(Z, iz);
        if (is0)
          return { x: Fp2.ZERO, y: Fp2.ZERO };
        if (!Fp2.eql(zz, Fp2.ONE))
          throw new Error("invZ was invalid");
        return { x, y };
      }
      /**
       * Checks whether Point is free of torsion elements (is in prime subgroup).
       * Always torsion-free for cofactor=1 curves.
       */
      isTorsionFree() {
        if (cofactor === _1n7)
          return true;
        if (isTorsionFree)
          return isTorsionFree(Point, this);
        return wnaf.mulUnsafe(this, CURVE_ORDER).is0();
      }
      clearCofactor() {
        if (cofactor === _1n7)
          return this;
        if (clearCofactor)
          return clearCofactor(Point, this);
        return this.multiplyUnsafe(cofactor);
      }
      isSmallOrder() {
        if (cofactor === _1n7)
          return this.is0();
        return this.clearCofactor().is0();
      }
      toBytes(isCompressed = true) {
        abool2(isCompressed, "isCompressed");
        this.assertValidity();
        return encodePoint(Point, this, isCompressed);
      }
      toHex(isCompressed = true) {
        return bytesToHex2(this.toBytes(isCompressed));
      }
      toString() {
        return `<Point ${this.is0() ? "ZERO" : this.toHex()}>`;
      }
    }
    const normalize = (points) => normalizeZ(Point, points);
    const wnaf = new ScalarMultiplier(Point, randomBytes3);
    if (wnaf.bits >= 6)
      Point.BASE.precompute(6);
    Object.freeze(Point.prototype);
    Object.freeze(Point);
    return Point;
  }
  function pprefix(hasEvenY) {
    return Uint8Array.of(hasEvenY ? 2 : 3);
  }
  function getWLengths(Fp2, Fn) {
    return {
      secretKey: Fn.BYTES,
      publicKey: 1 + Fp2.BYTES,
      publicKeyUncompressed: 1 + 2 * Fp2.BYTES,
      publicKeyHasPrefix: true,
      // Raw compact `(r || s)` signature width; DER and recovered signatures use
      // different lengths outside this helper.
      signature: 2 * Fn.BYTES
    };
  }
  function ecdh(Point, ecdhOpts = {}) {
    validatePointCons(Point);
    const { Fn } = Point;
    const randomBytes_ = ecdhOpts.randomBytes === void 0 ? randomBytes2 : ecdhOpts.randomBytes;
    const lengths = Object.assign(getWLengths(Point.Fp, Fn), {
      seed: Math.max(getMinHashLength(Fn.ORDER), 16)
    });
    function isValidSecretKey(secretKey) {
      try {
        const num = Fn.fromBytes(secretKey);
        return Fn.isValidNot0(num);
      } catch (error) {
        return false;
      }
    }
    function isValidPublicKey(publicKey, isCompressed) {
      const { publicKey: comp, publicKeyUncompressed } = lengths;
      try {
        const l = publicKey.length;
        if (isCompressed === true && l !== comp)
          return false;
        if (isCompressed === false && l !== publicKeyUncompressed)
          return false;
        return !Point.fromBytes(publicKey).is0();
      } catch (error) {
        return false;
      }
    }
    function randomSecretKey(seed) {
      seed = seed === void 0 ? randomBytes_(lengths.seed) : seed;
      return mapHashToField(abytes2(seed, lengths.seed, "seed"), Fn.ORDER);
    }
    function getPublicKey(secretKey, isCompressed = true) {
      return Point.BASE.multiply(Fn.fromBytes(secretKey)).toBytes(isCompressed);
    }
    function isProbPub(item) {
      const { secretKey, publicKey, publicKeyUncompressed } = lengths;
      const allowedLengths = Fn._lengths;
      if (!isBytes2(item))
        return void 0;
      const l = abytes2(item, void 0, "key").length;
      const isPub = l === publicKey || l === publicKeyUncompressed;
      const isSec = l === secretKey || !!allowedLengths?.includes(l);
      if (isPub && isSec)
        return void 0;
      return isPub;
    }
    function getSharedSecret(secretKeyA, publicKeyB, isCompressed = true) {
      if (isProbPub(secretKeyA) === true)
        throw new Error("first arg must be private key");
      if (isProbPub(publicKeyB) === false)
        throw new Error("second arg must be public key");
      const s = Fn.fromBytes(secretKeyA);
      const b = Point.fromBytes(publicKeyB);
      if (b.is0())
        throw new Error("invalid public key: point at infinity");
      return b.multiply(s).toBytes(isCompressed);
    }
    const utils = {
      isValidSecretKey,
      isValidPublicKey,
      randomSecretKey
    };
    const keygen = createKeygen(randomSecretKey, getPublicKey);
    Object.freeze(utils);
    Object.freeze(lengths);
    return Object.freeze({ getPublicKey, getSharedSecret, keygen, Point, utils, lengths });
  }
  function ecdsa(Point, hash, ecdsaOpts = {}) {
    validatePointCons(Point);
    const hash_ = hash;
    ahash(hash_);
    validateObject(ecdsaOpts, {}, {
      hmac: "function",
      lowS: "boolean",
      randomBytes: "function",
      bits2int: "function",
      bits2int_modN: "function"
    });
    const opts = Object.assign({}, ecdsaOpts);
    const randomBytes3 = opts.randomBytes === void 0 ? randomBytes2 : opts.randomBytes;
    const hmac2 = opts.hmac === void 0 ? (key, msg) => hmac(hash_, key, msg) : opts.hmac;
    const { Fp: Fp2, Fn } = Point;
    const { ORDER: CURVE_ORDER, BITS: fnBits } = Fn;
    const blindLength = getMinHashLength(CURVE_ORDER);
    const csprng = probeRandomBytes(randomBytes3, blindLength);
    const { keygen, getPublicKey, getSharedSecret, utils, lengths } = ecdh(Point, opts);
    const defaultSigOpts = {
      prehash: true,
      lowS: typeof opts.lowS === "boolean" ? opts.lowS : true,
      format: "compact",
      extraEntropy: false
    };
    const hasLargeRecoveryLifts = CURVE_ORDER * _2n5 + _1n7 < Fp2.ORDER;
    function isBiggerThanHalfOrder(number) {
      const HALF = CURVE_ORDER >> _1n7;
      return number > HALF;
    }
    function validateRS(title, num) {
      if (!Fn.isValidNot0(num))
        throw new Error(`invalid signature ${title}: out of range 1..Point.Fn.ORDER`);
      return num;
    }
    function assertFieldSignIsSupported() {
      if (!Fp2.isOdd)
        throw new Error("Field doesn't support isOdd");
    }
    function getRecoveryBit(x, y, r) {
      assertFieldSignIsSupported();
      return (x === r ? 0 : 2) | Number(Fp2.isOdd(y));
    }
    function assertRecoverableCurve() {
      if (hasLargeRecoveryLifts)
        throw new Error('"recovered" sig type is not supported for cofactor >2 curves');
    }
    function validateSigLength(bytes, format) {
      validateSigFormat(format);
      const size = lengths.signature;
      const sizer = format === "compact" ? size : format === "recovered" ? size + 1 : void 0;
      return abytes2(bytes, sizer);
    }
    class Signature {
      r;
      s;
      recovery;
      constructor(r, s, recovery) {
        this.r = validateRS("r", r);
        this.s = validateRS("s", s);
        if (recovery != null) {
          assertRecoverableCurve();
          if (![0, 1, 2, 3].includes(recovery))
            throw new Error("invalid recovery id");
          this.recovery = recovery;
        }
        Object.freeze(this);
      }
      static fromBytes(bytes, format = defaultSigOpts.format) {
        validateSigLength(bytes, format);
        let recid;
        if (format === "der") {
          if (bytes.length > 2 * Fn.BYTES + 16)
            throw new DER.Err("invalid signature: DER signature too long");
          const { r: r2, s: s2 } = DER.toSig(abytes2(bytes), Fn.BYTES + 1);
          return new Signature(r2, s2);
        }
        if (format === "recovered") {
          recid = bytes[0];
          format = "compact";
          bytes = bytes.subarray(1);
        }
        const L = lengths.signature / 2;
        const r = bytes.subarray(0, L);
        const s = bytes.subarray(L, L * 2);
        return new Signature(Fn.fromBytes(r), Fn.fromBytes(s), recid);
      }
      static fromHex(hex, format) {
        return this.fromBytes(hexToBytes2(hex), format);
      }
      assertRecovery() {
        const { recovery } = this;
        if (recovery == null)
          throw new Error("invalid recovery id: must be present");
        return recovery;
      }
      addRecoveryBit(recovery) {
        return new Signature(this.r, this.s, recovery);
      }
      // Unlike the top-level helper below, this method expects a digest that has
      // already been hashed to the curve's message representative.
      recoverPublicKey(messageHash) {
        const { r, s } = this;
        const recovery = this.assertRecovery();
        const radj = recovery === 2 || recovery === 3 ? r + CURVE_ORDER : r;
        if (!Fp2.isValid(radj))
          throw new Error("invalid recovery id: sig.r+curve.n != R.x");
        const x = Fp2.toBytes(radj);
        const R = Point.fromBytes(concatBytes2(pprefix((recovery & 1) === 0), x));
        const ir = Fn.inv(radj);
        const h = bits2int_modN(abytes2(messageHash, void 0, "msgHash"));
        const u1 = Fn.create(-h * ir);
        const u2 = Fn.create(s * ir);
        const Q = Point.BASE.mulAddUnsafe(u1, R, u2);
        if (Q.is0())
          throw new Error("invalid recovery: point at infinify");
        Q.assertValidity();
        return Q;
      }
      // Signatures should be low-s, to prevent malleability.
      hasHighS() {
        return isBiggerThanHalfOrder(this.s);
      }
      toBytes(format = defaultSigOpts.format) {
        validateSigFormat(format);
        if (format === "der")
          return hexToBytes2(DER.hexFromSig(this));
        const { r, s } = this;
        const rb = Fn.toBytes(r);
        const sb = Fn.toBytes(s);
        if (format === "recovered") {
          assertRecoverableCurve();
          return concatBytes2(Uint8Array.of(this.assertRecovery()), rb, sb);
        }
        return concatBytes2(rb, sb);
      }
      toHex(format) {
        return bytesToHex2(this.toBytes(format));
      }
    }
    Object.freeze(Signature.prototype);
    Object.freeze(Signature);
    const bits2int = opts.bits2int === void 0 ? function bits2int_def(bytes) {
      if (bytes.length > 8192)
        throw new Error("input is too large");
      const num = bytesToNumberBE(bytes);
      const delta = bytes.length * 8 - fnBits;
      return delta > 0 ? num >> BigInt(delta) : num;
    } : opts.bits2int;
    const bits2int_modN = opts.bits2int_modN === void 0 ? function bits2int_modN_def(bytes) {
      return Fn.create(bits2int(bytes));
    } : opts.bits2int_modN;
    const ORDER_MASK = bitMask(fnBits);
    function int2octets(num) {
      aInRange("num < 2^" + fnBits, num, _0n7, ORDER_MASK);
      return Fn.toBytes(num);
    }
    function validateMsgAndHash(message, prehash) {
      abytes2(message, void 0, "message");
      return prehash ? abytes2(hash_(message), void 0, "prehashed message") : message;
    }
    function prepSig(message, secretKey, opts2) {
      const { lowS, prehash, extraEntropy } = validateSigOpts(opts2, defaultSigOpts);
      message = validateMsgAndHash(message, prehash);
      const h1int = bits2int_modN(message);
      const d = Fn.fromBytes(secretKey);
      if (!Fn.isValidNot0(d))
        throw new Error("invalid private key");
      const seedArgs = [int2octets(d), int2octets(h1int)];
      if (extraEntropy != null && extraEntropy !== false) {
        const e = extraEntropy === true ? randomBytes3(lengths.secretKey) : extraEntropy;
        seedArgs.push(abytes2(e, void 0, "extraEntropy"));
      }
      const seed = concatBytes2(...seedArgs);
      const m = h1int;
      function k2sig(kBytes) {
        const k = bits2int(kBytes);
        if (!Fn.isValidNot0(k))
          return;
        const q = Point.BASE.multiply(k).toAffine();
        const r = Fn.create(q.x);
        if (r === _0n7)
          return;
        let s;
        if (csprng !== void 0) {
          const b = bytesToNumberBE(mapHashToField(csprng(blindLength), CURVE_ORDER));
          const ibk = Fn.inv(Fn.mul(b, k));
          const bm = Fn.mul(b, m);
          const bd = Fn.mul(b, d);
          s = Fn.create(ibk * Fn.create(bm + bd * r));
        } else {
          const ik = invertCt(k, CURVE_ORDER);
          s = Fn.create(ik * Fn.create(m + r * d));
        }
        if (s === _0n7)
          return;
        let recovery = getRecoveryBit(q.x, q.y, r);
        let normS = s;
        if (lowS && isBiggerThanHalfOrder(s)) {
          normS = Fn.neg(s);
          recovery ^= 1;
        }
        return new Signature(r, normS, hasLargeRecoveryLifts ? void 0 : recovery);
      }
      return { seed, k2sig };
    }
    function sign(message, secretKey, opts2 = {}) {
      const { seed, k2sig } = prepSig(message, secretKey, opts2);
      const drbg = createHmacDrbg(hash_.outputLen, Fn.BYTES, hmac2);
      const sig = drbg(seed, k2sig);
      return sig.toBytes(opts2.format);
    }
    function verify2(signature, message, publicKey, opts2 = {}) {
      const { lowS, prehash, format } = validateSigOpts(opts2, defaultSigOpts);
      publicKey = abytes2(publicKey, void 0, "publicKey");
      message = validateMsgAndHash(message, prehash);
      if (!isBytes2(signature)) {
        const end = signature instanceof Signature ? ", use sig.toBytes()" : "";
        throw new Error("verify expects Uint8Array signature" + end);
      }
      validateSigLength(signature, format);
      try {
        const sig = Signature.fromBytes(signature, format);
        const P2 = Point.fromBytes(publicKey);
        if (P2.is0())
          return false;
        if (lowS && sig.hasHighS())
          return false;
        const { r, s } = sig;
        const h = bits2int_modN(message);
        const is = Fn.inv(s);
        const u1 = Fn.create(h * is);
        const u2 = Fn.create(r * is);
        const R = Point.BASE.mulAddUnsafe(u1, P2, u2);
        if (R.is0())
          return false;
        const q = R.toAffine();
        const v = Fn.create(q.x);
        if (v !== r)
          return false;
        if (format === "recovered" && sig.recovery !== getRecoveryBit(q.x, q.y, r))
          return false;
        return true;
      } catch (e) {
        return false;
      }
    }
    function recoverPublicKey2(signature, message, opts2 = {}) {
      const { prehash } = validateSigOpts(opts2, defaultSigOpts);
      message = validateMsgAndHash(message, prehash);
      return Signature.fromBytes(signature, "recovered").recoverPublicKey(message).toBytes();
    }
    return Object.freeze({
      keygen,
      getPublicKey,
      getSharedSecret,
      utils,
      lengths,
      Point,
      sign,
      verify: verify2,
      recoverPublicKey: recoverPublicKey2,
      Signature,
      hash: hash_
    });
  }

  // node_modules/@noble/curves/secp256k1.js
  var secp256k1_CURVE = {
    p: BigInt("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"),
    n: BigInt("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"),
    h: BigInt(1),
    a: BigInt(0),
    b: BigInt(7),
    Gx: BigInt("0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"),
    Gy: BigInt("0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8")
  };
  var secp256k1_ENDO = {
    beta: BigInt("0x7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ee"),
    basises: [
      [BigInt("0x3086d221a7d46bcde86c90e49284eb15"), -BigInt("0xe4437ed6010e88286f547fa90abfe4c3")],
      [BigInt("0x114ca50f7a8e2f3f657c1108d9d44cfd8"), BigInt("0x3086d221a7d46bcde86c90e49284eb15")]
    ]
  };
  var _2n6 = /* @__PURE__ */ BigInt(2);
  function sqrtMod(y) {
    const P2 = secp256k1_CURVE.p;
    const _3n3 = BigInt(3), _6n = BigInt(6), _11n = BigInt(11), _22n = BigInt(22);
    const _23n = BigInt(23), _44n = BigInt(44), _88n = BigInt(88);
    const b2 = y * y * y % P2;
    const b3 = b2 * b2 * y % P2;
    const b6 = pow2(b3, _3n3, P2) * b3 % P2;
    const b9 = pow2(b6, _3n3, P2) * b3 % P2;
    const b11 = pow2(b9, _2n6, P2) * b2 % P2;
    const b22 = pow2(b11, _11n, P2) * b11 % P2;
    const b44 = pow2(b22, _22n, P2) * b22 % P2;
    const b88 = pow2(b44, _44n, P2) * b44 % P2;
    const b176 = pow2(b88, _88n, P2) * b88 % P2;
    const b220 = pow2(b176, _44n, P2) * b44 % P2;
    const b223 = pow2(b220, _3n3, P2) * b3 % P2;
    const t1 = pow2(b223, _23n, P2) * b22 % P2;
    const t2 = pow2(t1, _6n, P2) * b2 % P2;
    const root = pow2(t2, _2n6, P2);
    if (!Fpk1.eql(Fpk1.sqr(root), y))
      throw new Error("Cannot find square root");
    return root;
  }
  var Fpk1 = /* @__PURE__ */ Field(secp256k1_CURVE.p, { sqrt: sqrtMod });
  var Pointk1 = /* @__PURE__ */ weierstrass(secp256k1_CURVE, {
    Fp: Fpk1,
    endo: secp256k1_ENDO
  });
  var secp256k1 = /* @__PURE__ */ ecdsa(Pointk1, sha256);

  // verifier/web/src/secp256k1.js
  var P = 2n ** 256n - 2n ** 32n - 977n;
  var N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  var HALF_N = N / 2n;
  function bad2(message) {
    return new VerifyError("InvalidSignature", message);
  }
  function powMod(base, exp, mod2) {
    let result = 1n;
    let b = base % mod2;
    for (let e = exp; e > 0n; e >>= 1n) {
      if (e & 1n) result = result * b % mod2;
      b = b * b % mod2;
    }
    return result;
  }
  function recoverPublicKey(messageHash, yParity, r, s) {
    if (!(messageHash instanceof Uint8Array) || messageHash.length !== 32) throw bad2("the signed message hash must be 32 bytes");
    if (yParity !== 0n && yParity !== 1n) throw bad2(`y_parity must be 0 or 1, got ${yParity}`);
    if (!(r > 0n && r < N)) throw bad2("r is outside [1, n-1] of secp256k1");
    if (!(s > 0n && s < N)) throw bad2("s is outside [1, n-1] of secp256k1");
    if (s > HALF_N) throw bad2("s is above n/2: EIP-2 admits only the low-s form of a signature");
    const alpha = (powMod(r, 3n, P) + 7n) % P;
    const y = powMod(alpha, (P + 1n) / 4n, P);
    if (y * y % P !== alpha) throw bad2("r is not the x coordinate of a point on secp256k1");
    let point;
    try {
      point = new secp256k1.Signature(r, s, Number(yParity)).recoverPublicKey(messageHash);
    } catch {
      throw bad2("the signature recovers the point at infinity, not a public key");
    }
    return point.toBytes(false).subarray(1);
  }
  function recoverAddress(messageHash, yParity, r, s) {
    return keccak256(recoverPublicKey(messageHash, yParity, r, s)).slice(12);
  }

  // verifier/web/src/transaction.js
  var SPECS = {
    0: "nonce:u8 gasPrice:u32 gasLimit:u8 to:to value:u32 data:bytes",
    1: "chainId:u32 nonce:u8 gasPrice:u32 gasLimit:u8 to:to value:u32 data:bytes accessList:access",
    2: "chainId:u32 nonce:u8 maxPriorityFeePerGas:u32 maxFeePerGas:u32 gasLimit:u8 to:to value:u32 data:bytes accessList:access",
    3: "chainId:u32 nonce:u8 maxPriorityFeePerGas:u32 maxFeePerGas:u32 gasLimit:u8 to:addr value:u32 data:bytes accessList:access maxFeePerBlobGas:u32 blobVersionedHashes:blobs",
    4: "chainId:u32 nonce:u8 maxPriorityFeePerGas:u32 maxFeePerGas:u32 gasLimit:u8 to:addr value:u32 data:bytes accessList:access authorizationList:auths",
    "-1": "chainId:u32 address:addr nonce:u8 yParity:u1 r:u32 s:u32"
  };
  var FIELDS = Object.fromEntries(Object.entries(SPECS).map(([t, spec]) => [t, spec.split(" ").map((f) => f.split(":"))]));
  var BLOB_HASH_VERSION = 1;
  function bad3(message) {
    return new VerifyError("InvalidTransaction", message);
  }
  function check(item, kind, name) {
    if (kind === "access" || kind === "blobs" || kind === "auths") {
      if (!Array.isArray(item)) throw bad3(`${name} is an RLP string, expected a list`);
      if (kind !== "access" && !item.length) throw bad3(`${name} is empty; this transaction type requires entries`);
      item.forEach((entry, i) => entryOf(entry, kind, `${name}[${i}]`));
      return item;
    }
    if (Array.isArray(item)) throw bad3(`${name} is an RLP list, expected bytes`);
    if (kind[0] === "u") {
      try {
        decodeUint(item, Number(kind.slice(1)));
      } catch (error) {
        if (error instanceof VerifyError && error.type === "InvalidRLP") throw bad3(`${name}: ${error.message}`);
        throw error;
      }
    } else if ((kind === "to" || kind === "addr") && item.length !== ADDRESS_SIZE && (kind === "addr" || item.length)) {
      throw bad3(`${name} is ${item.length} bytes, expected ${ADDRESS_SIZE}`);
    }
    return item;
  }
  function entryOf(entry, kind, name) {
    if (kind === "blobs") {
      if (Array.isArray(entry) || entry.length !== HASH_SIZE2) throw bad3(`${name} is not a 32-byte versioned hash`);
      if (entry[0] !== BLOB_HASH_VERSION) {
        throw bad3(`${name} has version 0x${entry[0].toString(16).padStart(2, "0")}, not 0x01 (KZG)`);
      }
      return;
    }
    const fields = kind === "auths" ? FIELDS["-1"] : [["address", "addr"], ["storageKeys", "keys"]];
    if (!Array.isArray(entry) || entry.length !== fields.length) {
      throw bad3(`${name} must be an RLP list of ${fields.length} fields`);
    }
    fields.forEach(([field, sub], i) => {
      const item = entry[i];
      if (sub !== "keys") check(item, sub, `${name}.${field}`);
      else if (!Array.isArray(item) || item.some((key) => Array.isArray(key) || key.length !== HASH_SIZE2)) {
        throw bad3(`${name}.storageKeys must be a list of 32-byte keys`);
      }
    });
  }
  function decodeTransaction(raw) {
    if (!(raw instanceof Uint8Array) || !raw.length) throw bad3("a transaction must be non-empty bytes");
    let txType;
    let payload;
    if (raw[0] >= 192) [txType, payload] = [0, raw];
    else if (raw[0] > 0 && raw[0] < 5) [txType, payload] = [raw[0], raw.subarray(1)];
    else throw bad3(`transaction type 0x${raw[0].toString(16).padStart(2, "0")} is not legacy or one of 1-4`);
    let item;
    try {
      item = decode(payload);
    } catch (error) {
      if (error instanceof VerifyError && error.type === "InvalidRLP") {
        throw bad3(`transaction is not canonical RLP: ${error.message}`);
      }
      throw error;
    }
    const spec = FIELDS[txType];
    if (txType === 3 && Array.isArray(item) && item.length && Array.isArray(item[0])) {
      throw bad3("a blob transaction in its network form (with blobs) is not the form blocks hold");
    }
    if (!Array.isArray(item) || item.length !== spec.length + 3) {
      throw bad3(`a type ${txType} transaction is an RLP list of ${spec.length + 3} fields`);
    }
    const fields = spec.map(([name, kind], i) => check(item[i], kind, name));
    const named = Object.fromEntries(spec.map(([name], i) => [name, fields[i]]));
    const n = item.length;
    const v = bytesToBigInt(check(item[n - 3], txType === 0 ? "u32" : "u1", txType === 0 ? "v" : "yParity"));
    const r = bytesToBigInt(check(item[n - 2], "u32", "r"));
    const s = bytesToBigInt(check(item[n - 1], "u32", "s"));
    let chainId;
    let yParity;
    let signing;
    if (txType) {
      chainId = bytesToBigInt(named.chainId);
      yParity = v;
      signing = concat(Uint8Array.of(txType), encode(fields));
    } else if (v === 27n || v === 28n) {
      [chainId, yParity] = [null, v - 27n];
      signing = encode(fields);
    } else if (v >= 35n) {
      [chainId, yParity] = [(v - 35n) / 2n, (v - 35n) % 2n];
      signing = encode([...fields, chainId, 0n, 0n]);
    } else {
      throw bad3(`legacy v is ${v}; it must be 27, 28 or 35 + 2 * chainId + 0/1`);
    }
    const to = named.to;
    return {
      txType,
      chainId,
      nonce: bytesToBigInt(named.nonce),
      to: to.length ? to : null,
      value: bytesToBigInt(named.value),
      data: named.data,
      sender: recoverAddress(keccak256(signing), yParity, r, s),
      hash: keccak256(raw)
    };
  }
  function verifyTransactionProof(transactionsRoot, txIndex, raw, proof) {
    if (typeof txIndex !== "bigint" || txIndex < 0n || txIndex >= 2n ** 64n) {
      throw new VerifyError("TransactionProofError", `tx_index must be an integer in [0, 2^64), got ${txIndex}`);
    }
    checkBlockTrieValue([transactionsRoot, "transactionsRoot"], txIndex, raw, proof, ["TransactionProofError", "transaction"]);
    return decodeTransaction(raw);
  }

  // verifier/web/src/anchoring.js
  var MAX_TRIE_NODES = 64;
  var ANCHOR_KEYS_V1 = [
    "chain_id",
    "contract",
    "log",
    "tx_hash",
    "tx_index",
    "log_index",
    "block_number",
    "block_hash",
    "block_time",
    "block_header",
    "receipt",
    "receipt_proof"
  ];
  var ANCHOR_KEYS_V2 = [...ANCHOR_KEYS_V1, "transaction", "transaction_proof", "block_proof"];
  var BLOCK_PROOF_KEYS = ["type", "proof"];
  var ANCHORED_TOPIC = keccak256(new TextEncoder().encode("Anchored(address,uint64,bytes32,uint64)"));
  var MAX_DATETIME_SECONDS = 253402300799n;
  var shipped = null;
  function shippedTrustRoot() {
    if (shipped === null) shipped = parseTrustRoot(JSON.stringify(mainnet_default));
    return shipped;
  }
  function invalid2(message) {
    return new VerifyError("InvalidBundle", message);
  }
  function trieNodes(value, where, version) {
    if (!Array.isArray(value) || !(value.length > 0 && value.length <= MAX_TRIE_NODES)) {
      throw invalid2(`${where} must be a list of 1 to ${MAX_TRIE_NODES} trie nodes`);
    }
    return value.map((n, i) => version < 2 ? chainHex(n, `${where}[${i}]`, null, 1 << 12) : chainBase64(n, `${where}[${i}]`, null, 1 << 12));
  }
  function parseBlockProof(value) {
    if (value === null) return null;
    const obj = object(value, "anchor.block_proof", BLOCK_PROOF_KEYS);
    if (typeof obj.type !== "string") throw invalid2("anchor.block_proof.type must be a string");
    try {
      return blockProofFromSsz(obj.type, chainBase64(obj.proof, "anchor.block_proof.proof"));
    } catch (error) {
      if (error instanceof VerifyError && error.type === "InvalidBlockProof") throw invalid2(`anchor.block_proof: ${error.message}`);
      throw error;
    }
  }
  function parseAnchor(value, version) {
    const obj = object(value, "anchor", version < 2 ? ANCHOR_KEYS_V1 : ANCHOR_KEYS_V2);
    const read2 = (v, where, limit = 1 << 18) => version < 2 ? chainHex(v, where, null, limit) : chainBase64(v, where, null, limit);
    const v2 = version >= 2;
    return {
      chainId: uint(obj.chain_id, "anchor.chain_id"),
      contract: address(obj.contract, "anchor.contract"),
      log: address(obj.log, "anchor.log"),
      txHash: chainHex(obj.tx_hash, "anchor.tx_hash", 32),
      txIndex: uint(obj.tx_index, "anchor.tx_index"),
      logIndex: uint(obj.log_index, "anchor.log_index"),
      blockNumber: uint(obj.block_number, "anchor.block_number"),
      blockHash: chainHex(obj.block_hash, "anchor.block_hash", 32),
      blockTime: uint(obj.block_time, "anchor.block_time"),
      blockHeader: read2(obj.block_header, "anchor.block_header", 1 << 12),
      receipt: read2(obj.receipt, "anchor.receipt"),
      receiptProof: trieNodes(obj.receipt_proof, "anchor.receipt_proof", version),
      transaction: v2 ? read2(obj.transaction, "anchor.transaction") : null,
      transactionProof: v2 ? trieNodes(obj.transaction_proof, "anchor.transaction_proof", version) : [],
      blockProof: v2 ? parseBlockProof(obj.block_proof) : null
    };
  }
  function utcWords(seconds) {
    if (seconds > MAX_DATETIME_SECONDS) return `${seconds} seconds after 1970-01-01 00:00:00 UTC (after the year 9999)`;
    return new Date(Number(seconds) * 1e3).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
  }
  function renamed(error, type, message) {
    if (error instanceof VerifyError && error.type === "RootMismatchError") return new VerifyError(type, message);
    return error;
  }
  function verifyAnchorBlock(anchor, trustRoot) {
    const header = verifyHeader(anchor.blockHeader, anchor.blockHash);
    if (header.number !== anchor.blockNumber || header.timestamp !== anchor.blockTime) {
      throw new VerifyError(
        "HeaderMismatch",
        `the block header says block ${header.number} at ${header.timestamp}, the bundle says block ${anchor.blockNumber} at ${anchor.blockTime}`
      );
    }
    let receipt;
    try {
      receipt = verifyReceiptProof(header.receiptsRoot, anchor.txIndex, anchor.receipt, anchor.receiptProof);
    } catch (error) {
      throw renamed(error, "ReceiptProofError", "the receipt proof does not start at the block's receiptsRoot: the proof or the header was altered");
    }
    const transaction = anchor.transaction === null ? null : checkedTransaction(anchor, header);
    let canonical = null;
    let later = null;
    if (anchor.blockProof !== null && trustRoot !== null) {
      if (anchor.chainId !== CHAIN_ID) {
        throw new VerifyError(
          "CanonicalityError",
          `the bundle carries a proof against Ethereum mainnet's beacon chain, but names chain id ${anchor.chainId}, not ${CHAIN_ID}`
        );
      }
      try {
        canonical = verifyBlockProof(anchor.blockHash, header.timestamp, header.number, anchor.blockProof, trustRoot);
      } catch (error) {
        if (!(error instanceof VerifyError && error.type === "BlockAfterTrustRoot")) throw error;
        later = error;
      }
    }
    return { header, receipt, transaction, canonical, laterThanTrustRoot: later };
  }
  function checkedTransaction(anchor, header) {
    let tx;
    try {
      tx = verifyTransactionProof(header.transactionsRoot, anchor.txIndex, anchor.transaction, anchor.transactionProof);
    } catch (error) {
      throw renamed(error, "TransactionProofError", "the transaction proof does not start at the block's transactionsRoot: the proof or the header was altered");
    }
    if (!equal(tx.hash, anchor.txHash)) {
      throw new VerifyError(
        "TransactionMismatch",
        `the transaction proven at index ${anchor.txIndex} has hash 0x${toHex(tx.hash)}, the bundle says 0x${toHex(anchor.txHash)}`
      );
    }
    if (tx.chainId === null) {
      throw new VerifyError(
        "TransactionMismatch",
        "the anchoring transaction was signed without a chain id (pre-EIP-155), so it does not say which chain it is for"
      );
    }
    if (tx.chainId !== anchor.chainId) {
      throw new VerifyError(
        "TransactionMismatch",
        `the anchoring transaction was signed for chain id ${tx.chainId}, the bundle says chain id ${anchor.chainId}`
      );
    }
    return tx;
  }
  function checkAnchorEvent(anchor, receipt, size, root) {
    const fail = (message) => new VerifyError("AnchorEventError", message);
    if (receipt.status !== 1) throw fail("the anchoring transaction failed (receipt status 0)");
    if (anchor.logIndex >= BigInt(receipt.logs.length)) {
      throw fail(`the receipt has ${receipt.logs.length} log(s); there is no log ${anchor.logIndex}`);
    }
    const event = receipt.logs[Number(anchor.logIndex)];
    const expected = [ANCHORED_TOPIC, concat(new Uint8Array(12), anchor.log), bigIntToBytes(size, 32)];
    const problems = [];
    if (!equal(event.address, anchor.contract)) problems.push("it was emitted by another contract");
    if (event.topics.length !== expected.length || !event.topics.every((t, i) => equal(t, expected[i]))) {
      problems.push("it is not Anchored(log, size) for this log and tree size");
    }
    if (event.data.length !== 64 || !equal(event.data.subarray(0, 32), root)) problems.push("it records another root");
    else if (bytesToBigInt(event.data.subarray(32)) >= size) problems.push("its previous size is not below the anchored size");
    if (problems.length) throw fail(`log ${anchor.logIndex} of the receipt: ${problems.join("; ")}`);
  }
  function addressBytes(text) {
    const digits = text.startsWith("0x") ? text.slice(2) : text;
    if (digits.length !== 40) throw new VerifyError("AnchorEventError", `${pyRepr(text)} is not a 20-byte address`);
    if (!/^[0-9a-fA-F]*$/.test(digits)) throw new VerifyError("AnchorEventError", `${pyRepr(text)} is not a hex address`);
    const out = new Uint8Array(20);
    for (let i = 0; i < 20; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  function verifyAnchor(anchor, options) {
    const { size, root, logAddress = null, trustedBlocks = null, trustedChainId = null, version = 1 } = options;
    const trustRoot = options.trustRoot ?? shippedTrustRoot();
    const checks = [];
    const remaining = [];
    const warnings = [];
    const block = verifyAnchorBlock(anchor, trustRoot);
    const { header, transaction: tx } = block;
    checks.push({
      step: 5,
      title: "Block header matches",
      detail: `block ${anchor.blockNumber}, hash ${hex0x(anchor.blockHash)}, time ${utcWords(anchor.blockTime)}`
    });
    if (tx === null) {
      checks.push({
        step: 6,
        title: "Transaction receipt is in the block",
        detail: `receipt of transaction ${anchor.txIndex} proven under receiptsRoot ${hex0x(header.receiptsRoot)}`
      });
    } else {
      checks.push({
        step: 6,
        title: "Transaction and receipt are in the block",
        detail: `transaction ${anchor.txIndex} (hash ${hex0x(tx.hash)}, signed for chain id ${tx.chainId}) proven under transactionsRoot ${hex0x(header.transactionsRoot)}, its receipt under receiptsRoot ${hex0x(header.receiptsRoot)}`
      });
    }
    checkAnchorEvent(anchor, block.receipt, size, root);
    if (logAddress !== null && !equal(addressBytes(logAddress), anchor.log)) {
      throw new VerifyError(
        "AnchorEventError",
        `the checkpoint was anchored by ${toChecksumAddress(anchor.log)}, not by the log's published operator address ${logAddress}`
      );
    }
    let sentBy = "";
    if (tx !== null && equal(tx.sender, anchor.log)) {
      sentBy = "; the transaction was signed by that address";
    } else if (tx !== null) {
      warnings.push(
        `the anchoring transaction was signed by ${toChecksumAddress(tx.sender)}, not by the log's operator address ${toChecksumAddress(anchor.log)}: the log is operated through a contract (a multisig wallet, for example), which called EvidenceAnchor in that transaction`
      );
    }
    checks.push({
      step: 7,
      title: "Block anchors the checkpoint",
      detail: `contract ${toChecksumAddress(anchor.contract)} recorded root ${toHex(root)} at size ${size} for log ${toChecksumAddress(anchor.log)}${sentBy}`
    });
    let canonicalBy = null;
    const proven = block.canonical;
    if (proven !== null) {
      canonicalBy = `Ethereum mainnet's beacon chain (historical_summaries at slot ${proven.trustRootSlot})`;
      checks.push({
        step: 8,
        title: "Block is on Ethereum mainnet's canonical chain",
        detail: `block ${proven.number} is in beacon block ${hex0x(proven.beaconBlockRoot)} (slot ${proven.slot}), whose root is in the beacon chain's historical_summaries at slot ${proven.trustRootSlot} (root ${proven.trustRoot}); no node was asked`
      });
    }
    if (trustedBlocks !== null && trustedBlocks.has(anchor.blockNumber)) {
      if (trustedChainId !== null && trustedChainId !== anchor.chainId) {
        throw new VerifyError(
          "UntrustedBlock",
          `the trusted block hashes are of chain ${trustedChainId}, the bundle says it is anchored on chain ${anchor.chainId}`
        );
      }
      const trusted = trustedBlocks.get(anchor.blockNumber);
      if (!equal(trusted, anchor.blockHash)) {
        throw new VerifyError(
          "UntrustedBlock",
          `block ${anchor.blockNumber} of the trusted history has hash ${hex0x(trusted)}, not the bundle's ${hex0x(anchor.blockHash)}: the bundle's block is not on that chain`
        );
      }
      canonicalBy = canonicalBy ?? "trusted block hashes";
      checks.push({ step: 8, title: "Block is on the trusted chain", detail: `block ${anchor.blockNumber} hash matches` });
      if (trustedChainId === null && tx === null && proven === null) {
        remaining.push(
          `that the trusted block hashes are those of chain ${anchor.chainId}: the bundle's chain id is only checked against a node (--rpc) or a trusted list that names its chain`
        );
      }
    } else if (canonicalBy === null) {
      remaining.push(canonicalityLeft(anchor, version, block));
    }
    return {
      checks,
      remaining,
      warnings,
      canonicalBy,
      provenBlock: proven !== null,
      proven,
      transactionProven: tx !== null,
      sender: tx === null ? null : toChecksumAddress(tx.sender),
      chainId: anchor.chainId,
      blockNumber: anchor.blockNumber,
      blockHash: hex0x(anchor.blockHash),
      blockTime: anchor.blockTime,
      contract: toChecksumAddress(anchor.contract),
      log: toChecksumAddress(anchor.log),
      txHash: hex0x(anchor.txHash)
    };
  }
  function canonicalityLeft(anchor, version, block) {
    const unconfirmed = `that block ${anchor.blockNumber} with hash ${hex0x(anchor.blockHash)} is on the canonical history of chain ${anchor.chainId}`;
    const later = block.laterThanTrustRoot;
    if (later !== null) {
      return `${unconfirmed}: the bundle's canonicality proof is for beacon slot ${later.slot}, which the trust root (Ethereum mainnet's historical_summaries at slot ${later.trustRootSlot}) does not reach; use a trust root taken after ${later.periodCloses} (ipledger-verify --trust-root FILE) or check with a node (--rpc)`;
    }
    if (anchor.blockProof !== null) {
      return `${unconfirmed}: the bundle carries a canonicality proof, but no trust root was given to check it against (the ipledger-verify command uses the one it ships)`;
    }
    const slotDiff = anchor.blockTime - GENESIS_TIME;
    const slot = slotDiff >= 0n ? slotDiff / SECONDS_PER_SLOT : -((-slotDiff + SECONDS_PER_SLOT - 1n) / SECONDS_PER_SLOT);
    if (version >= 2 && anchor.chainId === CHAIN_ID && slot >= CAPELLA_SLOT) {
      return `${unconfirmed}: this bundle has no canonicality proof yet; the log's operator can add one once the block's beacon-chain period has closed (${periodCloses(slot)}; \`ipledger evidence --upgrade\`), or check the block with a node (--rpc) or an explorer`;
    }
    return `${unconfirmed} (check it with a node or an explorer); until then the bundle is only self-consistent`;
  }

  // verifier/web/src/bundle.js
  var FORMAT = "ipledger-evidence";
  var VERSION = 3;
  var MAX_BUNDLE_BYTES = 1 << 20;
  var MAX_PROOF_HASHES = 64;
  var MAX_TIMESTAMPS = 16;
  var MAX_TOKEN_BYTES = 1 << 16;
  var MAX_UINT64 = 2n ** 64n - 1n;
  var TOP_KEYS = ["format", "version", "entry", "inclusion", "checkpoint", "anchor"];
  var TOP_KEYS_V3 = [...TOP_KEYS, "timestamps"];
  var ENTRY_KEYS = ["index", "digest", "nonce", "metadata", "received_at"];
  var INCLUSION_KEYS = ["tree_size", "proof"];
  function invalid3(message) {
    return new VerifyError("InvalidBundle", message);
  }
  function object(value, where, keys) {
    if (!isObject(value)) throw invalid3(`${where} must be a JSON object`);
    const unknown = Object.keys(value).filter((k) => !keys.includes(k)).sort();
    if (unknown.length) throw invalid3(`${where} has unknown key(s) ${unknown.map(pyRepr).join(", ")}`);
    const missing = keys.filter((k) => !Object.prototype.hasOwnProperty.call(value, k));
    if (missing.length) throw invalid3(`${where} lacks key(s) ${missing.map(pyRepr).join(", ")}`);
    return value;
  }
  function uint(value, where, maximum = MAX_UINT64) {
    if (typeof value !== "bigint" || value < 0n || value > maximum) {
      throw invalid3(`${where} must be an integer from 0 to ${maximum}`);
    }
    return value;
  }
  function plainHex(value, where, size) {
    if (typeof value !== "string" || value.length !== 2 * size || !/^[0-9a-f]*$/.test(value)) {
      throw invalid3(`${where} must be ${2 * size} lowercase hex characters`);
    }
    return fromHex(value);
  }
  function chainBase64(value, where, size = null, limit = 1 << 18) {
    const raw = typeof value === "string" && value ? b64decodeStrict(value) : null;
    if (raw === null) {
      const spelled = typeof value === "string" && value && /^[A-Za-z0-9+/=]*$/.test(value) && value.length % 4 === 0;
      throw invalid3(spelled && !/=[^=]/.test(value) ? `${where} is not in canonical base64` : `${where} must be base64 text (RFC 4648, with padding)`);
    }
    if (size !== null && raw.length !== size) throw invalid3(`${where} must be ${size} bytes, got ${raw.length}`);
    if (size === null && !(raw.length > 0 && raw.length <= limit)) throw invalid3(`${where} must hold between 1 and ${limit} bytes`);
    return raw;
  }
  function parseBundle(input) {
    let text = input;
    if (input instanceof Uint8Array) {
      if (input.length > MAX_BUNDLE_BYTES) throw invalid3(`bundle is larger than ${MAX_BUNDLE_BYTES} bytes`);
      try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(input);
      } catch {
        throw invalid3("bundle is not UTF-8 text (invalid start byte)");
      }
    }
    if (typeof text !== "string") throw invalid3("bundle must be JSON text");
    if ([...text].length > MAX_BUNDLE_BYTES) throw invalid3(`bundle is larger than ${MAX_BUNDLE_BYTES} bytes`);
    if (exceedsDepth(text, MAX_METADATA_DEPTH + 2)) throw invalid3("bundle nests arrays or objects too deeply");
    const data = parseJson(text, {
      type: "InvalidBundle",
      what: "bundle",
      duplicate: (key) => {
        throw invalid3(`duplicate key ${pyRepr(key)}`);
      },
      constant: (name) => {
        throw invalid3(`${name} is not a JSON number`);
      }
    });
    const version = isObject(data) && "version" in data ? data.version : 1n;
    if (typeof version !== "bigint" || version < 1n || version > 3n) {
      throw invalid3(
        `version must be 1, 2 or 3; this verifier reads versions 1 to ${VERSION} (a newer bundle needs a newer ipledger-verifier)`
      );
    }
    const v = Number(version);
    const top = object(data, "bundle", v >= 3 ? TOP_KEYS_V3 : TOP_KEYS);
    if (top.format !== FORMAT) throw invalid3(`format must be ${pyRepr(FORMAT)}`);
    const entry = parseEntry(top.entry);
    const inclusion = parseInclusion(top.inclusion, v);
    const checkpoint = parseCheckpointText(top.checkpoint);
    const anchor = parseAnchor(top.anchor, v);
    const timestamps = v >= 3 ? parseTimestamps(top.timestamps) : [];
    return { version: v, entry, inclusion, checkpoint, anchor, timestamps };
  }
  function parseEntry(value) {
    const obj = object(value, "entry", ENTRY_KEYS);
    let digest, nonce, receivedAt, metadata;
    try {
      digest = parseDigest(obj.digest);
      nonce = parseNonce(obj.nonce);
      receivedAt = checkReceivedAt(obj.received_at);
      if (obj.metadata === null) metadata = null;
      else if (!isObject(obj.metadata)) throw new VerifyError("EntryError", "metadata: must be a JSON object or null");
      else metadata = canonicalMetadata(obj.metadata);
    } catch (error) {
      if (error instanceof VerifyError && error.type === "EntryError") throw invalid3(`entry.${error.message}`);
      throw error;
    }
    return { index: uint(obj.index, "entry.index"), digest, nonce, metadata, receivedAt };
  }
  function parseTimestamps(value) {
    if (!Array.isArray(value) || value.length > MAX_TIMESTAMPS) {
      throw invalid3(`timestamps must be a list of at most ${MAX_TIMESTAMPS} tokens`);
    }
    const tokens = value.map((t, i) => chainBase64(t, `timestamps[${i}]`, null, MAX_TOKEN_BYTES));
    if (new Set(value).size !== value.length) throw invalid3("timestamps carries the same token twice");
    return tokens;
  }
  function parseInclusion(value, version) {
    const obj = object(value, "inclusion", INCLUSION_KEYS);
    const proof = obj.proof;
    if (!Array.isArray(proof) || proof.length > MAX_PROOF_HASHES) {
      throw invalid3(`inclusion.proof must be a list of at most ${MAX_PROOF_HASHES} hashes`);
    }
    const read2 = version < 2 ? plainHex : chainBase64;
    return {
      treeSize: uint(obj.tree_size, "inclusion.tree_size"),
      proof: proof.map((h, i) => read2(h, `inclusion.proof[${i}]`, 32))
    };
  }
  function parseCheckpointText(value) {
    if (typeof value !== "string" || !value || [...value].length > 1 << 16) {
      throw invalid3("checkpoint must be the signed note text (a non-empty string)");
    }
    try {
      parseCheckpoint(parseNote(value).text);
    } catch (error) {
      if (error instanceof VerifyError && (error.type === "InvalidNote" || error.type === "InvalidCheckpoint")) {
        throw invalid3(`checkpoint is not a signed checkpoint note: ${error.message}`);
      }
      throw error;
    }
    return value;
  }

  // verifier/web/src/der.js
  var MAX_SIZE = 1 << 20;
  var UNIVERSAL = 0;
  var CONTEXT = 2;
  var BOOLEAN = 1;
  var INTEGER = 2;
  var BIT_STRING = 3;
  var OCTET_STRING = 4;
  var NULL = 5;
  var OID = 6;
  var SEQUENCE = 16;
  var SET = 17;
  var UTC_TIME = 23;
  var GENERALIZED_TIME = 24;
  var UTC_RE = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
  var GENERALIZED_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d*[1-9]))?Z$/;
  function invalid4(message) {
    return new VerifyError("InvalidDer", message);
  }
  var Element = class {
    constructor(cls, constructed, number, content, raw) {
      this.cls = cls;
      this.constructed = constructed;
      this.number = number;
      this.content = content;
      this.raw = raw;
    }
    children() {
      if (!this.constructed) {
        throw invalid4(`expected a constructed value, found primitive tag ${this.number}`);
      }
      return readAll(this.content);
    }
    is(cls, number) {
      return this.cls === cls && this.number === number;
    }
  };
  function readOne(data, at) {
    if (at + 2 > data.length) throw invalid4("truncated DER: a tag and a length are missing");
    const first = data[at];
    const cls = first >> 6, constructed = (first & 32) !== 0, number = first & 31;
    let pos = at + 1;
    if (number === 31) {
      throw invalid4("a tag number above 30 (high-tag form): no token or certificate has one");
    }
    let length = data[pos];
    pos += 1;
    if (length === 128) throw invalid4("an indefinite length is not DER");
    if (length > 128) {
      const count = length & 127;
      if (count > 4 || pos + count > data.length) throw invalid4("a length is too long or truncated");
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + data[pos + i];
      if (length < 128 || data[pos] === 0) throw invalid4("a length is not minimally encoded");
      pos += count;
    }
    if (pos + length > data.length) throw invalid4("truncated DER: a value is shorter than its length");
    const end = pos + length;
    return [new Element(cls, constructed, number, data.subarray(pos, end), data.subarray(at, end)), end];
  }
  function readAll(data) {
    const out = [];
    let at = 0;
    while (at < data.length) {
      const [element, end] = readOne(data, at);
      out.push(element);
      at = end;
    }
    return out;
  }
  function read(data) {
    if (data.length > MAX_SIZE) {
      throw invalid4(`the DER value is ${data.length} bytes, over the ${MAX_SIZE}-byte limit`);
    }
    const [element, end] = readOne(data, 0);
    if (end !== data.length) throw invalid4(`${data.length - end} trailing bytes after the DER value`);
    return element;
  }
  function expect(element, number, cls = UNIVERSAL, constructed = null) {
    if (constructed === null) {
      constructed = cls === UNIVERSAL ? number === SEQUENCE || number === SET : element.constructed;
    }
    if (!element.is(cls, number) || element.constructed !== constructed) {
      throw invalid4(
        `expected tag ${number} of class ${cls}, found tag ${element.number} of class ${element.cls}`
      );
    }
    return element;
  }
  function explicit(element, number) {
    const items = expect(element, number, CONTEXT, true).children();
    if (items.length !== 1) throw invalid4(`an EXPLICIT [${number}] holds ${items.length} values, not one`);
    return items[0];
  }
  function sequence(element, lo = 0, hi = 1 << 16) {
    const items = expect(element, SEQUENCE).children();
    if (!(lo <= items.length && items.length <= hi)) {
      throw invalid4(`a SEQUENCE has ${items.length} elements, expected ${lo} to ${hi}`);
    }
    return items;
  }
  function setOf(element) {
    return expect(element, SET).children();
  }
  function integer(element, cls = UNIVERSAL, number = INTEGER) {
    const content = expect(element, number, cls, false).content;
    if (content.length === 0) throw invalid4("an INTEGER has no contents");
    if (content.length > 1 && (content[0] === 0 && !(content[1] & 128) || content[0] === 255 && content[1] & 128)) {
      throw invalid4("an INTEGER is not minimally encoded");
    }
    let value = BigInt("0x" + toHex(content));
    if (content[0] & 128) value -= 1n << BigInt(content.length * 8);
    return value;
  }
  function boolean(element) {
    const content = expect(element, BOOLEAN, UNIVERSAL, false).content;
    if (content.length !== 1 || content[0] !== 0 && content[0] !== 255) {
      throw invalid4("a BOOLEAN is not 0x00 or 0xFF");
    }
    return content[0] === 255;
  }
  function nullValue(element) {
    if (expect(element, NULL, UNIVERSAL, false).content.length) throw invalid4("a NULL has contents");
    return null;
  }
  function octetString(element) {
    return expect(element, OCTET_STRING, UNIVERSAL, false).content;
  }
  function bitString(element) {
    const content = expect(element, BIT_STRING, UNIVERSAL, false).content;
    if (content.length === 0 || content[0] !== 0) {
      throw invalid4("a BIT STRING has unused bits where whole octets are required");
    }
    return content.subarray(1);
  }
  function namedBits(element) {
    const content = expect(element, BIT_STRING, UNIVERSAL, false).content;
    if (content.length === 0 || content[0] > 7 || content.length === 1 && content[0]) {
      throw invalid4("a BIT STRING's unused-bit count is invalid");
    }
    const unused = content[0], bits = content.subarray(1);
    if (bits.length) {
      const last = bits[bits.length - 1];
      if (last & (1 << unused) - 1 || !(last >> unused & 1)) {
        throw invalid4("a named-bit BIT STRING is not in its DER form (trailing bits)");
      }
    }
    let mask = 0n;
    const width = bits.length * 8 - unused;
    for (let i = 0; i < width; i++) {
      if (bits[i >> 3] >> 7 - (i & 7) & 1) mask |= 1n << BigInt(i);
    }
    return mask;
  }
  function oid(element) {
    const content = expect(element, OID, UNIVERSAL, false).content;
    if (content.length === 0 || content[content.length - 1] & 128) {
      throw invalid4("an OBJECT IDENTIFIER is empty or truncated");
    }
    const arcs = [];
    let value = 0n, start = true;
    for (const byte of content) {
      if (start && byte === 128) throw invalid4("an OBJECT IDENTIFIER arc is not minimally encoded");
      value = value << 7n | BigInt(byte & 127);
      start = !(byte & 128);
      if (start) {
        arcs.push(value);
        value = 0n;
      }
    }
    let first = arcs[0] / 40n;
    if (first > 2n) first = 2n;
    return [first, arcs[0] - 40n * first, ...arcs.slice(1)].map(String).join(".");
  }
  function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
  }
  function daysInMonth(y, m) {
    if (m === 2) return y % 4 === 0 && y % 100 !== 0 || y % 400 === 0 ? 29 : 28;
    return [4, 6, 9, 11].includes(m) ? 30 : 31;
  }
  function utcMicros(year, month, day, hour, minute, second, micro) {
    if (!(year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59)) {
      return null;
    }
    const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return BigInt(seconds) * 1000000n + BigInt(micro);
  }
  function civil(micros) {
    let seconds = micros / 1000000n, micro = micros % 1000000n;
    if (micro < 0n) {
      micro += 1000000n;
      seconds -= 1n;
    }
    let days = seconds / 86400n, rest = seconds % 86400n;
    if (rest < 0n) {
      rest += 86400n;
      days -= 1n;
    }
    const z = Number(days) + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const r = Number(rest);
    return [
      yoe + era * 400 + (m <= 2 ? 1 : 0),
      m,
      d,
      Math.floor(r / 3600),
      Math.floor(r / 60) % 60,
      r % 60,
      Number(micro)
    ];
  }
  var pad = (n, w = 2) => String(n).padStart(w, "0");
  function isoformat(micros) {
    const [y, mo, d, h, mi, s, us] = civil(micros);
    return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}` + (us ? `.${pad(us, 6)}` : "") + "+00:00";
  }
  function latin1(bytes) {
    let out = "";
    for (const b of bytes) out += String.fromCharCode(b);
    return out;
  }
  function time(element) {
    const content = expect(element, element.number, UNIVERSAL, false).content;
    const text = latin1(content);
    let fields, fraction = "", match;
    if (element.is(UNIVERSAL, UTC_TIME) && (match = UTC_RE.exec(text))) {
      const year = Number(match[1]);
      fields = [year + (year >= 50 ? 1900 : 2e3), ...match.slice(2, 7).map(Number)];
    } else if (element.is(UNIVERSAL, GENERALIZED_TIME) && (match = GENERALIZED_RE.exec(text))) {
      fields = match.slice(1, 7).map(Number);
      fraction = match[7] || "";
    } else {
      throw invalid4(`a time is not a DER UTCTime or GeneralizedTime: ${JSON.stringify(text)}`);
    }
    const micro = Number(fraction.slice(0, 6).padEnd(6, "0") || 0);
    const value = utcMicros(...fields, micro);
    if (value === null) throw invalid4(`a time is not a calendar date: ${JSON.stringify(text)}`);
    return value;
  }

  // node_modules/@noble/curves/nist.js
  var p256_CURVE = /* @__PURE__ */ (() => ({
    p: BigInt("0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
    n: BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
    h: BigInt(1),
    a: BigInt("0xffffffff00000001000000000000000000000000fffffffffffffffffffffffc"),
    b: BigInt("0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"),
    Gx: BigInt("0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
    Gy: BigInt("0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")
  }))();
  var p384_CURVE = /* @__PURE__ */ (() => ({
    p: BigInt("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"),
    n: BigInt("0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"),
    h: BigInt(1),
    a: BigInt("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffc"),
    b: BigInt("0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef"),
    Gx: BigInt("0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7"),
    Gy: BigInt("0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f")
  }))();
  var p521_CURVE = /* @__PURE__ */ (() => ({
    p: BigInt("0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
    n: BigInt("0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409"),
    h: BigInt(1),
    a: BigInt("0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc"),
    b: BigInt("0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00"),
    Gx: BigInt("0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66"),
    Gy: BigInt("0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650")
  }))();
  var p256_Point = /* @__PURE__ */ weierstrass(p256_CURVE);
  var p256 = /* @__PURE__ */ ecdsa(p256_Point, sha256);
  var p384_Point = /* @__PURE__ */ weierstrass(p384_CURVE);
  var p384 = /* @__PURE__ */ ecdsa(p384_Point, sha384);
  var p521_Point = /* @__PURE__ */ weierstrass(p521_CURVE);
  var p521 = /* @__PURE__ */ ecdsa(p521_Point, sha512);

  // node_modules/@noble/hashes/legacy.js
  var SHA1_IV = /* @__PURE__ */ Uint32Array.from([
    1732584193,
    4023233417,
    2562383102,
    271733878,
    3285377520
  ]);
  var SHA1_W = /* @__PURE__ */ new Uint32Array(80);
  var _SHA1 = class extends HashMD {
    A = SHA1_IV[0] | 0;
    B = SHA1_IV[1] | 0;
    C = SHA1_IV[2] | 0;
    D = SHA1_IV[3] | 0;
    E = SHA1_IV[4] | 0;
    constructor() {
      super(64, 20, 8, false);
    }
    get() {
      const { A, B: B2, C, D, E } = this;
      return [A, B2, C, D, E];
    }
    set(A, B2, C, D, E) {
      this.A = A | 0;
      this.B = B2 | 0;
      this.C = C | 0;
      this.D = D | 0;
      this.E = E | 0;
    }
    _cloneInto(to) {
      (to ||= new this.constructor()).set(...this.get());
      return this._cloneIntoMeta(to);
    }
    process(view, offset) {
      for (let i = 0; i < 16; i++, offset += 4)
        SHA1_W[i] = view.getUint32(offset, false);
      for (let i = 16; i < 80; i++)
        SHA1_W[i] = rotl(SHA1_W[i - 3] ^ SHA1_W[i - 8] ^ SHA1_W[i - 14] ^ SHA1_W[i - 16], 1);
      let { A, B: B2, C, D, E } = this;
      for (let i = 0; i < 80; i++) {
        let F, K;
        if (i < 20) {
          F = Chi(B2, C, D);
          K = 1518500249;
        } else if (i < 40) {
          F = B2 ^ C ^ D;
          K = 1859775393;
        } else if (i < 60) {
          F = Maj(B2, C, D);
          K = 2400959708;
        } else {
          F = B2 ^ C ^ D;
          K = 3395469782;
        }
        const T = rotl(A, 5) + F + E + K + SHA1_W[i] | 0;
        E = D;
        D = C;
        C = rotl(B2, 30);
        B2 = A;
        A = T;
      }
      A = A + this.A | 0;
      B2 = B2 + this.B | 0;
      C = C + this.C | 0;
      D = D + this.D | 0;
      E = E + this.E | 0;
      this.set(A, B2, C, D, E);
    }
    roundClean() {
      clean(SHA1_W);
    }
    destroy() {
      this.destroyed = true;
      this.set(0, 0, 0, 0, 0);
      clean(this.buffer);
    }
  };
  var sha1 = /* @__PURE__ */ createHasher(() => new _SHA1());

  // verifier/web/src/x509.js
  var HASHES = { sha1, sha256, sha384, sha512 };
  var HASH_OIDS = {
    "1.3.14.3.2.26": "sha1",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512"
  };
  var SIGNATURES = {
    "1.2.840.113549.1.1.1": ["rsa", null],
    "1.2.840.113549.1.1.11": ["rsa", "sha256"],
    "1.2.840.113549.1.1.12": ["rsa", "sha384"],
    "1.2.840.113549.1.1.13": ["rsa", "sha512"],
    "1.2.840.113549.1.1.10": ["pss", null],
    "1.2.840.10045.2.1": ["ecdsa", null],
    "1.2.840.10045.4.3.2": ["ecdsa", "sha256"],
    "1.2.840.10045.4.3.3": ["ecdsa", "sha384"],
    "1.2.840.10045.4.3.4": ["ecdsa", "sha512"],
    "1.3.101.112": ["ed25519", null]
  };
  var NAMED_CURVES = {
    "1.2.840.10045.3.1.1": "NIST P-192",
    "1.3.132.0.33": "NIST P-224",
    "1.2.840.10045.3.1.7": "NIST P-256",
    "1.3.132.0.34": "NIST P-384",
    "1.3.132.0.35": "NIST P-521"
  };
  var WEB_CURVES = {
    // WebCrypto's name, the size of r and s, the group order
    "NIST P-256": ["P-256", 32, p256.Point.CURVE().n],
    "NIST P-384": ["P-384", 48, p384.Point.CURVE().n],
    "NIST P-521": ["P-521", 66, p521.Point.CURVE().n]
  };
  var WEB_HASHES = { sha1: "SHA-1", sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" };
  var NAMES = {
    "2.5.4.3": "CN",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.5": "serialNumber",
    "2.5.4.97": "organizationIdentifier",
    "1.2.840.113549.1.9.1": "emailAddress",
    "0.9.2342.19200300.100.1.25": "DC"
  };
  var BASIC_CONSTRAINTS = "2.5.29.19";
  var KEY_USAGE = "2.5.29.15";
  var EXT_KEY_USAGE = "2.5.29.37";
  var SUBJECT_KEY_ID = "2.5.29.14";
  var UNDERSTOOD = /* @__PURE__ */ new Set([
    BASIC_CONSTRAINTS,
    KEY_USAGE,
    EXT_KEY_USAGE,
    SUBJECT_KEY_ID,
    "2.5.29.35",
    "2.5.29.17"
  ]);
  var KEY_CERT_SIGN = 1n << 5n;
  var MAX_PATH = 8;
  var invalidCertificate = (message) => new VerifyError("InvalidCertificate", message);
  var Certificate = class {
    constructor(fields) {
      Object.assign(this, fields);
      Object.freeze(this);
    }
    /** [critical, extnValue] of extension `oid`, or null when absent. */
    extension(oid2) {
      const found = this.extensions.find(([name]) => name === oid2);
      return found ? [found[1], found[2]] : null;
    }
    /** [cA, pathLenConstraint (BigInt | null)]; [false, null] without the extension. */
    basicConstraints() {
      const found = this.extension(BASIC_CONSTRAINTS);
      if (found === null) return [false, null];
      let items = sequence(read(found[1]), 0, 2), ca = false, pathLen = null;
      if (items.length && items[0].is(UNIVERSAL, BOOLEAN)) {
        ca = boolean(items[0]);
        items = items.slice(1);
      }
      if (items.length) pathLen = integer(items[0]);
      return [ca, pathLen];
    }
    /** The keyUsage bits as a BigInt (bit 0 digitalSignature, 5 keyCertSign), null if absent. */
    keyUsage() {
      const found = this.extension(KEY_USAGE);
      return found === null ? null : namedBits(read(found[1]));
    }
    /** [critical, key purpose OIDs] of extendedKeyUsage, null if absent. */
    extendedKeyUsage() {
      const found = this.extension(EXT_KEY_USAGE);
      if (found === null) return null;
      return [found[0], sequence(read(found[1]), 1).map((p) => oid(p))];
    }
    /** The subjectKeyIdentifier, null if absent. */
    subjectKeyId() {
      const found = this.extension(SUBJECT_KEY_ID);
      return found === null ? null : octetString(read(found[1]));
    }
  };
  function decodeText(bytes, number) {
    if (number === 12) return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    if (number === 19 || number === 22) {
      if (bytes.some((b) => b > 127)) throw new TypeError("not ASCII");
      return String.fromCharCode(...bytes);
    }
    if (number === 20) return Array.from(bytes, (b) => String.fromCharCode(b)).join("");
    if (number === 30) return new TextDecoder("utf-16be", { fatal: true, ignoreBOM: true }).decode(bytes);
    if (bytes.length % 4) throw new TypeError("truncated UTF-32");
    let out = "";
    for (let i = 0; i < bytes.length; i += 4) {
      const c = (bytes[i] << 24 | bytes[i + 1] << 16 | bytes[i + 2] << 8 | bytes[i + 3]) >>> 0;
      if (c > 1114111 || c >= 55296 && c <= 57343) throw new TypeError("not a code point");
      out += String.fromCodePoint(c);
    }
    return out;
  }
  function nameText(name) {
    const rdns = [];
    for (const rdn of sequence(name)) {
      const parts = [];
      for (const attribute of setOf(rdn)) {
        const [kind, value] = sequence(attribute, 2, 2);
        const key = oid(kind);
        let text;
        if ([12, 19, 22, 20, 30, 28].includes(value.number) && value.cls === UNIVERSAL && !value.constructed) {
          try {
            text = decodeText(value.content, value.number);
          } catch {
            throw invalid4(`a name attribute ${key} is not valid text`);
          }
          text = Array.from(text, (c) => ',+"\\<>;='.includes(c) ? "\\" + c : c).join("");
        } else {
          text = "#" + toHex(value.raw);
        }
        parts.push(`${NAMES[key] ?? key}=${text}`);
      }
      rdns.push(parts.join("+"));
    }
    return rdns.reverse().join(",");
  }
  function parseCertificate(data) {
    try {
      const [tbs, algorithmId, signature] = sequence(read(data), 3, 3);
      const fields = sequence(tbs, 6, 10).slice();
      const version = fields[0].is(CONTEXT, 0) ? integer(explicit(fields.shift(), 0)) : 0n;
      if (![0n, 1n, 2n].includes(version) || fields.length < 6) {
        throw invalidCertificate("the certificate is not X.509 v1 to v3 or lacks fields");
      }
      const [serial, innerAlgorithm, issuer, validity, subject, spki] = fields;
      if (!equal(innerAlgorithm.raw, algorithmId.raw)) {
        throw invalidCertificate("the certificate's two signature algorithms differ");
      }
      const [notBefore, notAfter] = sequence(validity, 2, 2).map((t) => time(t));
      sequence(spki, 2, 2);
      const extensions = [];
      for (const extra of fields.slice(6)) {
        if (!extra.is(CONTEXT, 3)) continue;
        const items = explicit(extra, 3);
        for (const item of sequence(items, 1)) {
          const parts = sequence(item, 2, 3);
          const critical = parts.length === 3 && boolean(parts[1]);
          extensions.push([oid(parts[0]), critical, octetString(parts[parts.length - 1])]);
        }
      }
      if (new Set(extensions.map((e) => e[0])).size !== extensions.length) {
        throw invalidCertificate("an extension appears twice in the certificate");
      }
      const certificate = new Certificate({
        der: data,
        subjectText: nameText(subject),
        issuerText: nameText(issuer),
        notBefore,
        notAfter,
        serial: integer(serial),
        subject: subject.raw,
        issuer: issuer.raw,
        tbs: tbs.raw,
        signatureAlgorithm: algorithmId.raw,
        signature: bitString(signature),
        publicKey: spki.raw,
        extensions
      });
      certificate.basicConstraints();
      certificate.keyUsage();
      certificate.extendedKeyUsage();
      return certificate;
    } catch (exc) {
      if (exc instanceof VerifyError && exc.type === "InvalidDer") {
        throw invalidCertificate(`the certificate is not valid DER X.509: ${exc.message}`);
      }
      throw exc;
    }
  }
  function algorithm(identifier) {
    const parts = sequence(read(identifier), 1, 2);
    const name = oid(parts[0]);
    if (!Object.hasOwn(SIGNATURES, name)) {
      throw invalidCertificate(`signature algorithm ${name} is not supported`);
    }
    const [scheme, digest] = SIGNATURES[name];
    const parameters = parts.length === 2 ? parts[1] : null;
    if (scheme === "rsa" && parameters !== null) {
      nullValue(parameters);
    } else if ((scheme === "ecdsa" || scheme === "ed25519") && parameters !== null && name !== "1.2.840.10045.2.1") {
      throw invalidCertificate(`signature algorithm ${name} has parameters`);
    }
    return [scheme, digest, scheme === "pss" ? parameters : null];
  }
  function hashAlgorithm(identifier) {
    const parts = sequence(read(identifier), 1, 2);
    const name = oid(parts[0]);
    if (parts.length === 2) nullValue(parts[1]);
    if (!Object.hasOwn(HASH_OIDS, name)) {
      throw invalidCertificate(`hash algorithm ${name} is not supported`);
    }
    return HASH_OIDS[name];
  }
  function pssParameters(parameters) {
    const found = {};
    if (parameters !== null) for (const p of sequence(parameters, 0, 4)) found[p.number] = p;
    const digest = found[0] ? hashAlgorithm(explicit(found[0], 0).raw) : "sha1";
    const mgf = found[1] ? sequence(explicit(found[1], 1), 2, 2) : null;
    if (mgf !== null && (oid(mgf[0]) !== "1.2.840.113549.1.1.8" || hashAlgorithm(mgf[1].raw) !== digest)) {
      throw invalidCertificate("RSASSA-PSS with another mask than MGF1 of its own hash");
    }
    const salt = found[2] ? integer(explicit(found[2], 2)) : 20n;
    return [salt, digest];
  }
  function base64url(bytes) {
    let text = "";
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function unsigned(value) {
    let hex = value.toString(16);
    if (hex.length % 2) hex = "0" + hex;
    return Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
  }
  function gcd(a, b) {
    while (b) [a, b] = [b, a % b];
    return a;
  }
  function readPublicKey(spki, scheme) {
    const [id, bits] = sequence(read(spki), 2, 2);
    const algorithmParts = sequence(id, 1, 2);
    const name = oid(algorithmParts[0]);
    const parameters = algorithmParts[1] ?? null;
    const key = bitString(bits);
    if (scheme === "rsa" || scheme === "pss") {
      if (!["1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10"].includes(name)) throw new TypeError("not RSA");
      if (parameters !== null) nullValue(parameters);
      const [n, e] = sequence(read(key), 2, 2).map((i) => integer(i));
      if (e <= 1n || e >= n || gcd(n, e) !== 1n || !(n & 1n)) throw new TypeError("not an RSA key");
      return { kind: "rsa", n, e };
    }
    if (name === "1.3.101.112" && parameters === null) return { kind: "ec", curve: "Ed25519", point: key };
    if (name === "1.3.101.113" && parameters === null) return { kind: "ec", curve: "Ed448", point: key };
    if (name !== "1.2.840.10045.2.1" || parameters === null) throw new TypeError("not an EC key");
    const curve = NAMED_CURVES[oid(parameters)];
    if (curve === void 0) throw new TypeError("unsupported curve");
    return { kind: "ec", curve, point: key };
  }
  function rawEcdsa(signature, size, order) {
    const [r, s] = sequence(read(signature), 2, 2).map((i) => integer(i));
    if (!(r > 0n && r < order && s > 0n && s < order)) return null;
    const out = new Uint8Array(2 * size);
    const rb = unsigned(r), sb = unsigned(s);
    out.set(rb, size - rb.length);
    out.set(sb, 2 * size - sb.length);
    return out;
  }
  async function verifySignature(publicKey, identifier, message, signature, digest = null) {
    const [scheme, named, parameters] = algorithm(identifier);
    digest = named || digest || "sha256";
    const subtle = globalThis.crypto.subtle;
    let ok = false;
    try {
      const key = readPublicKey(publicKey, scheme);
      if (key.kind === "rsa") {
        const size = key.n.toString(2).length;
        if (size < 2048) throw invalidCertificate("an RSA key is shorter than 2048 bits");
        let params = { name: "RSASSA-PKCS1-v1_5" };
        if (scheme === "pss") {
          const [salt, pssDigest] = pssParameters(parameters);
          digest = pssDigest;
          params = { name: "RSA-PSS", saltLength: Number(salt) };
        }
        if (digest === "sha1") throw invalidCertificate("a signature over a SHA-1 digest is refused");
        const jwk = { kty: "RSA", n: base64url(unsigned(key.n)), e: base64url(unsigned(key.e)), ext: true };
        const imported = await subtle.importKey(
          "jwk",
          jwk,
          { name: params.name, hash: WEB_HASHES[digest] },
          false,
          ["verify"]
        );
        ok = await subtle.verify(params, imported, signature, message);
      } else if (scheme === "ed25519" && key.curve === "Ed25519") {
        ok = ed25519.verify(signature, message, key.point, { zip215: false });
      } else if (scheme === "ecdsa" && Object.hasOwn(WEB_CURVES, key.curve) && digest !== "sha1") {
        const [namedCurve, size, order] = WEB_CURVES[key.curve];
        const raw = rawEcdsa(signature, size, order);
        if (raw !== null) {
          const imported = await subtle.importKey("raw", key.point, { name: "ECDSA", namedCurve }, false, ["verify"]);
          ok = await subtle.verify({ name: "ECDSA", hash: WEB_HASHES[digest] }, imported, raw, message);
        }
      } else {
        throw invalidCertificate(`a ${key.curve} key cannot make a ${scheme} signature`);
      }
    } catch (exc) {
      if (exc instanceof VerifyError && exc.type === "InvalidCertificate") throw exc;
      ok = false;
    }
    if (!ok) throw invalidCertificate(`the ${scheme} signature does not verify`);
  }
  function checkValidity(certificate, at) {
    if (!(certificate.notBefore <= at && at <= certificate.notAfter)) {
      throw invalidCertificate(
        `the certificate ${certificate.subjectText} is valid from ${isoformat(certificate.notBefore)} to ${isoformat(certificate.notAfter)}, not at ${isoformat(at)}`
      );
    }
    for (const [name, critical] of certificate.extensions) {
      if (critical && !UNDERSTOOD.has(name)) {
        throw invalidCertificate(
          `the certificate ${certificate.subjectText} has a critical extension ${name} this verifier does not understand`
        );
      }
    }
  }
  function checkIssuer(issuer, below, at) {
    checkValidity(issuer, at);
    const [ca, pathLen] = issuer.basicConstraints();
    const usage = issuer.keyUsage();
    if (!ca) throw invalidCertificate(`${issuer.subjectText} is not a CA (basicConstraints)`);
    if (usage !== null && !(usage & KEY_CERT_SIGN)) {
      throw invalidCertificate(`${issuer.subjectText} may not sign certificates (keyUsage)`);
    }
    if (pathLen !== null && BigInt(below) > pathLen) {
      throw invalidCertificate(`${issuer.subjectText} allows ${pathLen} CAs below it, the path has ${below}`);
    }
  }
  var isCheckError = (exc) => exc instanceof VerifyError && (exc.type === "InvalidCertificate" || exc.type === "InvalidDer");
  async function certificatePath(leaf, intermediates, roots, at) {
    const problems = [];
    const extend = async (path) => {
      const last = path[path.length - 1];
      const candidates = [...roots.map((c) => [c, true]), ...intermediates.map((c) => [c, false])];
      for (const [candidate, isRoot] of candidates) {
        if (!equal(candidate.subject, last.issuer) || path.some((c) => equal(c.der, candidate.der))) {
          continue;
        }
        try {
          checkIssuer(candidate, path.length - 1, at);
          await verifySignature(candidate.publicKey, last.signatureAlgorithm, last.tbs, last.signature);
        } catch (exc) {
          if (!isCheckError(exc)) throw exc;
          problems.push(exc.message);
          continue;
        }
        if (isRoot) return [...path, candidate];
        if (path.length < MAX_PATH) {
          const found2 = await extend([...path, candidate]);
          if (found2) return found2;
        }
      }
      return null;
    };
    checkValidity(leaf, at);
    if (roots.some((root) => equal(root.der, leaf.der))) return [leaf];
    const found = await extend([leaf]);
    if (found === null) {
      throw invalidCertificate(problems.length ? problems[problems.length - 1] : `no root or intermediate certificate given is the issuer (${leaf.issuerText}) of ${leaf.subjectText} or of a CA above it`);
    }
    return found;
  }

  // verifier/web/src/timestamp.js
  var SIGNED_DATA = "1.2.840.113549.1.7.2";
  var TST_INFO = "1.2.840.113549.1.9.16.1.4";
  var CONTENT_TYPE = "1.2.840.113549.1.9.3";
  var MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
  var SIGNING_CERTIFICATE = "1.2.840.113549.1.9.16.2.12";
  var SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47";
  var TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
  var IMPRINT_HASHES = ["sha256", "sha384", "sha512"];
  var MAX_CERTIFICATES = 16;
  var MAX_ACCURACY_SECONDS = 86399999999999n;
  var invalidToken = (message) => new VerifyError("InvalidTimestampToken", message);
  var isType = (exc, ...types) => exc instanceof VerifyError && types.includes(exc.type);
  function accuracy(element) {
    let seconds = 0n, millis = 0n, micros = 0n;
    for (const part of sequence(element, 0, 3)) {
      if (part.is(UNIVERSAL, INTEGER)) {
        seconds = integer(part);
      } else if (part.is(CONTEXT, 0) || part.is(CONTEXT, 1)) {
        const value = integer(part, CONTEXT, part.number);
        if (!(value >= 1n && value <= 999n)) {
          throw invalidToken("the token's accuracy has millis or micros off 1-999");
        }
        if (part.number === 0) millis = value;
        else micros = value;
      } else {
        throw invalidToken("the token's accuracy has an unknown field");
      }
    }
    if (seconds < 0n) throw invalidToken("the token's accuracy is negative");
    if (seconds > MAX_ACCURACY_SECONDS) throw invalidToken("the token's accuracy is over 2.7 million years");
    return { seconds, millis, micros };
  }
  function tstInfo(econtent) {
    const fields = sequence(read(econtent), 5, 10).slice();
    const [version, policy, imprint, serial, genTime] = fields;
    if (integer(version) !== 1n) throw invalidToken("the token's TSTInfo is not version 1");
    const [algorithmId, hashed] = sequence(imprint, 2, 2);
    let accuracyValue = null, nonce = null;
    const rest = fields.slice(5);
    if (rest.length && rest[0].is(UNIVERSAL, SEQUENCE)) accuracyValue = accuracy(rest.shift());
    if (rest.length && rest[0].is(UNIVERSAL, BOOLEAN)) boolean(rest.shift());
    if (rest.length && rest[0].is(UNIVERSAL, INTEGER)) nonce = integer(rest.shift());
    if (rest.length && rest[0].is(CONTEXT, 0)) rest.shift();
    if (rest.length && rest[0].is(CONTEXT, 1)) rest.shift();
    if (rest.length) throw invalidToken("the token's TSTInfo has fields out of order or unknown");
    if (!genTime.is(UNIVERSAL, GENERALIZED_TIME)) {
      throw invalidToken("the token's genTime is not a GeneralizedTime");
    }
    const serialNumber = integer(serial);
    if (serialNumber < 0n || nonce !== null && nonce < 0n) {
      throw invalidToken("the token's serial number or nonce is negative");
    }
    const digest = hashAlgorithm(algorithmId.raw);
    return {
      genTime: time(genTime),
      serial: serialNumber,
      policy: oid(policy),
      hashAlgorithm: digest,
      messageImprint: octetString(hashed),
      nonce,
      accuracy: accuracyValue
    };
  }
  function findSigner(signerId, pool) {
    if (signerId.is(CONTEXT, 0)) {
      for (const c of pool) {
        const id = c.subjectKeyId();
        if (id !== null && equal(id, signerId.content)) return c;
      }
      return null;
    }
    const [issuer, serial] = sequence(signerId, 2, 2);
    const number = integer(serial);
    return pool.find((c) => equal(c.issuer, issuer.raw) && c.serial === number) ?? null;
  }
  function parse(token) {
    const [contentType, content] = sequence(read(token), 2, 2);
    if (oid(contentType) !== SIGNED_DATA) {
      throw invalidToken("the token is not a CMS SignedData ContentInfo");
    }
    const signedData = explicit(content, 0);
    const fields = sequence(signedData, 4, 6);
    if (integer(fields[0]) !== 3n) throw invalidToken("the token's SignedData is not version 3");
    const digestAlgorithms = setOf(fields[1]).map((d) => d.raw);
    const [econtentType, wrapped] = sequence(fields[2], 2, 2);
    if (oid(econtentType) !== TST_INFO) {
      throw invalidToken("the token's content is not an RFC 3161 TSTInfo");
    }
    const econtent = octetString(explicit(wrapped, 0));
    let certificates = [];
    const rest = fields.slice(3);
    if (rest.length && rest[0].is(CONTEXT, 0)) {
      const items = expect(rest.shift(), 0, CONTEXT, true).children();
      if (items.length > MAX_CERTIFICATES) {
        throw invalidToken(`the token carries over ${MAX_CERTIFICATES} certificates`);
      }
      certificates = items.filter((item) => item.is(UNIVERSAL, SEQUENCE)).map((item) => parseCertificate(item.raw));
    }
    if (rest.length && rest[0].is(CONTEXT, 1)) rest.shift();
    if (rest.length !== 1) throw invalidToken("the token's SignedData has unknown fields");
    const signers = setOf(rest[0]);
    if (signers.length !== 1) {
      throw invalidToken(`the token has ${signers.length} SignerInfos, not exactly one`);
    }
    const parts = sequence(signers[0], 5, 7);
    const [version, signerId, digestAlgorithm, attributes] = parts;
    const signerVersion = integer(version);
    if (signerVersion !== 1n && signerVersion !== 3n || !attributes.is(CONTEXT, 0)) {
      throw invalidToken("the token's SignerInfo has no signed attributes");
    }
    if (!(parts[4].is(UNIVERSAL, SEQUENCE) && (parts.length === 6 || parts.length === 7))) {
      throw invalidToken("the token's SignerInfo is malformed");
    }
    if (!digestAlgorithms.some((d) => equal(d, digestAlgorithm.raw))) {
      throw invalidToken("the token's digestAlgorithms lacks its signer's digest");
    }
    const info = tstInfo(econtent);
    return {
      fields: info,
      signer: findSigner(signerId, certificates),
      econtent,
      certificates,
      signerId,
      digest: hashAlgorithm(digestAlgorithm.raw),
      signedAttributes: attributes,
      signatureAlgorithm: parts[4].raw,
      signature: octetString(parts[5])
    };
  }
  function parseChecked(token) {
    try {
      return parse(token);
    } catch (exc) {
      if (isType(exc, "InvalidDer", "InvalidCertificate")) {
        throw invalidToken(`the token is malformed: ${exc.message}`);
      }
      throw exc;
    }
  }
  function tokenOf(token, fields, tsa, trusted) {
    return Object.freeze({ token, ...fields, tsa, trusted });
  }
  function signedAttributes(element) {
    const found = /* @__PURE__ */ new Map();
    for (const attribute of element.children()) {
      const [kind, values] = sequence(attribute, 2, 2);
      const name = oid(kind), items = setOf(values);
      if (found.has(name) || items.length !== 1) {
        throw invalidToken(`the signed attribute ${name} is repeated or multi-valued`);
      }
      found.set(name, items[0]);
    }
    return found;
  }
  function checkEss(attributes, signer) {
    const found = [SIGNING_CERTIFICATE_V2, SIGNING_CERTIFICATE].filter((k) => attributes.has(k));
    if (!found.length) {
      throw invalidToken("the token has no ESS signing-certificate attribute (RFC 3161 2.4.1, RFC 5816)");
    }
    for (const kind of found) {
      const first = sequence(sequence(attributes.get(kind), 1, 2)[0], 1)[0];
      const parts = sequence(first, 1, 3).slice();
      let digest = "sha1";
      if (kind === SIGNING_CERTIFICATE_V2) {
        digest = "sha256";
        if (parts[0].is(UNIVERSAL, SEQUENCE)) digest = hashAlgorithm(parts.shift().raw);
      }
      if (!parts.length || !equal(octetString(parts[0]), HASHES[digest](signer.der))) {
        throw invalidToken("the token's ESS signing-certificate attribute names another certificate");
      }
      if (parts.length === 2) {
        const [names, serial] = sequence(parts[1], 2, 2);
        const directory = sequence(names, 1).filter((n) => n.is(CONTEXT, 4));
        if (integer(serial) !== signer.serial || directory.length && !equal(explicit(directory[0], 4).raw, signer.issuer)) {
          throw invalidToken("the token's ESS issuerSerial is not the signer certificate's");
        }
      }
    }
  }
  async function verifyTimestampToken(token, { message, roots = null, certificates = [] }) {
    const parts = parseChecked(token);
    const { genTime, hashAlgorithm: digest, messageImprint } = parts.fields;
    if (!IMPRINT_HASHES.includes(digest)) {
      throw invalidToken(`the token's imprint uses ${digest}, not one of ${IMPRINT_HASHES.join(", ")}`);
    }
    if (!equal(HASHES[digest](message), messageImprint)) {
      throw new VerifyError(
        "TimestampImprintMismatch",
        `the token stamps other data: its ${digest} imprint is not the hash of the message`
      );
    }
    const given = certificates.map((c) => parseCertificate(c));
    const trust = (roots ?? []).map((c) => parseCertificate(c));
    const signer = findSigner(parts.signerId, [...parts.certificates, ...given, ...trust]);
    if (signer === null) {
      throw invalidToken("the token's signer certificate is neither in the token nor among the certificates given: pass the TSA's certificate");
    }
    try {
      const attributes = signedAttributes(parts.signedAttributes);
      if (!attributes.has(CONTENT_TYPE) || oid(attributes.get(CONTENT_TYPE)) !== TST_INFO) {
        throw invalidToken("the token's signed contentType is not TSTInfo");
      }
      if (!attributes.has(MESSAGE_DIGEST) || !equal(
        octetString(attributes.get(MESSAGE_DIGEST)),
        HASHES[parts.digest](parts.econtent)
      )) {
        throw invalidToken("the token's signed messageDigest is not its TSTInfo's");
      }
      checkEss(attributes, signer);
      const signed = parts.signedAttributes.raw.slice();
      signed[0] = 49;
      await verifySignature(signer.publicKey, parts.signatureAlgorithm, signed, parts.signature, parts.digest);
    } catch (exc) {
      if (isType(exc, "InvalidDer", "InvalidCertificate")) {
        throw invalidToken(`the token's signed attributes or signature do not verify: ${exc.message}`);
      }
      throw exc;
    }
    const usage = signer.extendedKeyUsage();
    if (usage === null || !(usage[0] === true && usage[1].length === 1 && usage[1][0] === TIME_STAMPING)) {
      throw invalidToken(`the signer ${signer.subjectText} is not a TSA certificate: RFC 3161 2.3 requires a critical extendedKeyUsage of timeStamping only`);
    }
    try {
      checkValidity(signer, genTime);
    } catch (exc) {
      if (isType(exc, "InvalidCertificate")) {
        throw invalidToken(`the token's signer certificate: ${exc.message}`);
      }
      throw exc;
    }
    if (roots === null) return tokenOf(token, parts.fields, signer, false);
    try {
      await certificatePath(signer, [...parts.certificates, ...given], trust, genTime);
    } catch (exc) {
      if (isType(exc, "InvalidCertificate", "InvalidDer")) {
        throw new VerifyError(
          "UntrustedTimestampAuthority",
          `the TSA ${signer.subjectText} has no valid certificate path to the roots given: ${exc.message}`
        );
      }
      throw exc;
    }
    return tokenOf(token, parts.fields, signer, true);
  }

  // verifier/web/src/clocks.js
  var TITLE = "Time-stamped by RFC 3161 TSAs";
  var FIVE_MINUTES_MICROS = 5n * 60n * 1000000n;
  function stampedMessage(note) {
    for (let i = note.length - 2; i >= 0; i--) {
      if (note[i] === 10 && note[i + 1] === 10) return note.subarray(0, i + 1);
    }
    return note;
  }
  function stampTime(micros) {
    const [y, mo, d, h, mi, s, us] = civil(micros);
    const pad2 = (n, w = 2) => String(n).padStart(w, "0");
    let text = `${pad2(y, 4)}-${pad2(mo)}-${pad2(d)} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
    if (us) text += `.${pad2(us, 6)}`.replace(/0+$/, "");
    return text + " UTC";
  }
  function tokenWords(token, rootsGiven) {
    let trust;
    if (token.trusted) trust = "its certificate chains to a TSA certificate you named (--tsa-ca)";
    else if (rootsGiven) trust = "not from a TSA you named: its certificate does not chain to --tsa-ca";
    else trust = "TSA's certificate not checked (pass --tsa-ca FILE)";
    return `TSA ${token.tsa.subjectText} at ${stampTime(token.genTime)} (serial 0x${token.serial.toString(16)}, ${token.hashAlgorithm} imprint, policy ${token.policy}); ${trust}`;
  }
  async function checkTimestamps(tokens, noteText, { roots = null, size = null } = {}) {
    const message = stampedMessage(noteText);
    const checked = [];
    for (let number = 1; number <= tokens.length; number++) {
      const der = tokens[number - 1];
      let token;
      try {
        try {
          token = await verifyTimestampToken(der, { message, roots });
        } catch (exc) {
          if (!(exc instanceof VerifyError && exc.type === "UntrustedTimestampAuthority")) throw exc;
          token = await verifyTimestampToken(der, { message });
        }
      } catch (exc) {
        if (!(exc instanceof VerifyError)) throw exc;
        const kind = exc.type === "TimestampImprintMismatch" ? exc.type : "InvalidTimestampToken";
        throw new VerifyError(kind, `time-stamp token ${number} of ${tokens.length}: ${exc.message}`);
      }
      checked.push(token);
    }
    if (roots !== null && !checked.some((t) => t.trusted)) {
      if (!checked.length) {
        throw new VerifyError(
          "UntrustedTimestampAuthority",
          "the bundle carries no RFC 3161 time-stamp token, but TSA certificates were given (--tsa-ca): no time-stamp from a TSA you named (leave --tsa-ca out to rely on the chain's time alone)"
        );
      }
      const names = checked.map((t) => `${t.tsa.subjectText} (issued by ${t.tsa.issuerText})`).join("; ");
      throw new VerifyError(
        "UntrustedTimestampAuthority",
        `none of the bundle's ${checked.length} time-stamp token(s) is from a TSA you named (--tsa-ca): they were signed by ${names}`
      );
    }
    let check2 = null;
    if (checked.length) {
      const treeSize = size ?? new TextDecoder().decode(message).split("\n")[1];
      const words = checked.map((t) => tokenWords(t, roots !== null)).join("; ");
      const over = `over the checkpoint's note (origin, size ${treeSize}, root)`;
      check2 = { step: 9, title: TITLE, detail: `${checked.length} token(s) ${over}, signed: ${words}` };
    }
    return {
      check: check2,
      tokens: checked.map((t) => ({
        genTimeSeconds: Number(t.genTime) / 1e6,
        genTimeText: stampTime(t.genTime),
        subject: t.tsa.subjectText,
        trusted: t.trusted
      })),
      checked
    };
  }

  // verifier/web/src/verify.js
  var LATE_ANCHOR_WARNING_SECONDS = 24n * 3600n;
  var FIVE_MINUTES_MS = 5n * 60n * 1000n;
  async function verify(bundleText, options = {}) {
    const { document: document2 = null, logKey = null, trusted = null, trustedChainId = null } = options;
    const bundle = parseBundle(bundleText);
    const { entry } = bundle;
    const checks = options.progress ?? [];
    checks.push({ step: 0, title: "Bundle is well formed", detail: `ipledger evidence bundle v${bundle.version}` });
    const remaining = [];
    const warnings = [];
    const { checkpoint, used } = checkLogSteps(entry, document2, bundle.checkpoint, bundle.inclusion, {
      checks,
      remaining,
      logKey
    });
    const stamped = await checkTimestamps(bundle.timestamps, new TextEncoder().encode(bundle.checkpoint), {
      roots: options.tsaRoots ?? null,
      size: checkpoint.size
    });
    const anchor = await verifyAnchor(bundle.anchor, {
      size: checkpoint.size,
      root: checkpoint.root,
      logAddress: options.logAddress ?? null,
      trustedBlocks: trusted,
      trustedChainId,
      trustRoot: null,
      version: bundle.version
    });
    checks.push(...anchor.checks);
    remaining.push(...anchor.remaining);
    warnings.push(...anchor.warnings);
    const receivedAt = entry.receivedAt;
    if (anchor.blockTime * 1000n + FIVE_MINUTES_MS < receivedAt) {
      warnings.push("the block time is earlier than the time the log says it received it");
    } else if (anchor.blockTime - receivedAt / 1000n > LATE_ANCHOR_WARNING_SECONDS) {
      warnings.push(
        "the anchor came more than a day after the log received the entry; an earlier anchor covering it would give a stronger claim"
      );
    }
    if (stamped.check !== null) checks.push(stamped.check);
    for (const token of stamped.tokens) {
      if (token.genTimeSeconds * 1e3 + 5 * 60 * 1e3 < Number(entry.receivedAt)) {
        warnings.push(
          `TSA ${token.subject} time-stamped the checkpoint at ${token.genTimeText}, before the log says it received the entry`
        );
      }
    }
    return {
      version: bundle.version,
      bundle,
      entry,
      checkpoint,
      checks,
      remaining,
      warnings,
      anchor,
      tokens: stamped.tokens,
      signatures: parseNote(bundle.checkpoint).signatures,
      trustedChainId,
      logAuthenticated: used !== null,
      documentChecked: document2 !== null
    };
  }
  function checkLogSteps(entry, document2, note, inclusion, { checks, remaining, logKey }) {
    const digest = "sha256:" + toHex(entry.digest);
    if (document2 !== null) {
      const actual = toHex(sha256(document2));
      if ("sha256:" + actual !== digest) {
        throw new VerifyError(
          "DocumentMismatch",
          `the document's SHA-256 is sha256:${actual}, but the evidence is for ${digest}: this evidence is not about this document (or the file was changed)`
        );
      }
      checks.push({ step: 1, title: "Document matches", detail: `SHA-256 of the document is ${digest}` });
    } else {
      remaining.push(`that the document in question has SHA-256 ${digest}`);
    }
    const leafHash = entryLeafHash(entry.digest, entry.nonce, metadataHash(entry.metadata), entry.receivedAt);
    checks.push({ step: 2, title: "Log entry rebuilt", detail: `leaf hash ${toHex(leafHash)}` });
    const { checkpoint, used } = checkCheckpoint(note, logKey);
    if (inclusion.treeSize !== checkpoint.size) {
      throw new VerifyError(
        "InclusionError",
        `the inclusion proof is for a tree of ${inclusion.treeSize} entries, the checkpoint is for ${checkpoint.size}`
      );
    }
    let root;
    try {
      root = rootFromInclusionProof(entry.index, checkpoint.size, leafHash, inclusion.proof);
    } catch (error) {
      if (error instanceof VerifyError && isA(error.type, "ProofInputError")) {
        throw new VerifyError("InclusionError", `the inclusion proof is malformed: ${error.message}`);
      }
      throw error;
    }
    if (toHex(root) !== toHex(checkpoint.root)) {
      throw new VerifyError(
        "InclusionError",
        "the inclusion proof does not lead to the checkpoint's root: the entry, the proof or the checkpoint was altered"
      );
    }
    const detail = `entry ${entry.index} is in the tree of ${checkpoint.size} entries with root ${toHex(checkpoint.root)}`;
    checks.push({ step: 3, title: "Entry is in the log", detail });
    if (used !== null) {
      checks.push({ step: 4, title: "Checkpoint signed by the log", detail: `${checkpoint.origin}, key ${used}` });
    } else {
      remaining.push("that the checkpoint was signed by the log (give its verifier key)");
    }
    return { checkpoint, used };
  }

  // verifier/web/src/result.js
  var EXIT_PROVEN = 0;
  var EXIT_FAILED = 1;
  var EXIT_UNUSABLE = 2;
  var EXIT_UNCONFIRMED = 3;
  var UNUSABLE = [
    "UsageError",
    "InvalidBundle",
    "InvalidVerifierKey",
    "InvalidTrustRoot",
    "InvalidPolicy",
    "InvalidTlogProof",
    "InvalidCoseReceipt"
  ];
  var MAX_DATETIME_SECONDS2 = 253402300799n;
  function utc2(seconds) {
    if (seconds > MAX_DATETIME_SECONDS2) {
      return `${seconds} seconds after 1970-01-01 00:00:00 UTC (after the year 9999)`;
    }
    return new Date(Number(seconds) * 1e3).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  }
  function receivedAtUtc(ms) {
    const seconds = ms / 1000n;
    if (seconds > MAX_DATETIME_SECONDS2) return utc2(seconds);
    return utc2(seconds).replace(" UTC", `.${String(ms % 1000n).padStart(3, "0")} UTC`);
  }
  function readTrustedBlocks(value) {
    const usage = 'the trusted blocks must be a JSON object {"<block number>": "0x<64 hex block hash>", ...} (or {"chain_id": <id>, "blocks": {...}})';
    const bad4 = (why) => new VerifyError("UsageError", why);
    let data = value;
    if (typeof data === "string") {
      data = parseJson(data, {
        type: "UsageError",
        what: "the trusted blocks",
        duplicate: () => {
        },
        constant: () => {
          throw bad4(usage);
        }
      });
    }
    let chain = null;
    if (isObject(data) && "blocks" in data) {
      chain = data.chain_id;
      if (typeof chain === "number" && Number.isInteger(chain)) chain = BigInt(chain);
      const keys = Object.keys(data).sort().join(",");
      if (keys !== "blocks,chain_id" || typeof chain !== "bigint" || chain < 0n) {
        throw bad4('with "blocks", give exactly a "chain_id" integer too');
      }
      data = data.blocks;
    }
    if (!isObject(data)) throw bad4(usage);
    const blocks = /* @__PURE__ */ new Map();
    for (const [key, hash] of Object.entries(data)) {
      if (!/^(0|[1-9][0-9]{0,19})$/.test(key)) throw bad4(`${key.slice(0, 30)} is not a block number; ${usage}`);
      if (typeof hash !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(hash)) {
        throw bad4(`the hash of block ${key} is not 0x and 64 hex digits`);
      }
      blocks.set(BigInt(key), fromHex(hash.slice(2)));
    }
    return { chain, blocks };
  }
  function readTsaRoots(raw) {
    const usage = "--tsa-ca: give the TSA's (or its CA's) certificates, PEM or DER";
    const bad4 = (why) => new VerifyError("UsageError", `${usage}; ${why}`);
    if (raw.length > 4 << 20) throw bad4("this file is larger than 4 MiB");
    const text = new TextDecoder("latin1").decode(raw);
    let ders = [raw];
    if (text.includes("-----BEGIN")) {
      const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]);
      if (!blocks.length) throw bad4("it holds no PEM CERTIFICATE block");
      ders = blocks.map((b) => {
        const clean2 = b.replace(/\s+/g, "");
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean2) || clean2.length % 4) throw bad4("a PEM block is not base64");
        return Uint8Array.from(atob(clean2), (c) => c.charCodeAt(0));
      });
    }
    ders.forEach((der, i) => {
      try {
        parseCertificate(der);
      } catch (error) {
        if (error instanceof VerifyError) throw bad4(`certificate ${i + 1} of ${ders.length}: ${error.message}`);
        throw error;
      }
    });
    return ders;
  }
  function claim(v) {
    const a = v.anchor;
    const digest = "sha256:" + toHex(v.entry.digest);
    const subject = v.documentChecked ? "the document" : `the document with ${digest}`;
    const clocks = v.tokens.filter((t) => t.trusted).map((t) => [t.genTimeSeconds, `no later than ${t.genTimeText} (TSA ${t.subject})`]);
    const proven = a.canonicalBy !== null;
    const chain = a.provenBlock ? "Ethereum mainnet" : `chain ${a.chainId}`;
    if (proven) clocks.push([Number(a.blockTime), `no later than ${utc2(a.blockTime)} (block ${a.blockNumber} on ${chain})`]);
    clocks.sort((x, y) => x[0] - y[0]);
    const existed = `${subject[0].toUpperCase()}${subject.slice(1)} existed ` + clocks.map((c) => c[1]).join(", ");
    const says = `no later than ${utc2(a.blockTime)} (block ${a.blockNumber} of the chain it names as chain id ${a.chainId})`;
    let text;
    if (clocks.length && !proven) text = `${existed}; the evidence says it existed ${says}`;
    else if (proven) text = existed;
    else text = `The evidence says ${subject} existed ${says}`;
    if (v.logAuthenticated) text += `; it was received by the log ${v.checkpoint.origin} at ${receivedAtUtc(v.entry.receivedAt)}`;
    else text += "; the log that recorded it is unauthenticated (no verifier key given)";
    return text + ".";
  }
  async function ipledgerVerify({ bundle, document: document2 = null, logKey = null, trustedBlocks = null, logAddress = null, tsaCa = null }) {
    const passed = [];
    try {
      if (logKey !== null) parseVerifierKey(logKey);
      const tsaRoots = tsaCa === null ? null : readTsaRoots(tsaCa);
      const trusted = trustedBlocks === null ? null : readTrustedBlocks(trustedBlocks);
      const text = typeof bundle === "string" ? bundle : new TextDecoder().decode(bundle);
      if (text.startsWith("c2sp.org/tlog-proof@v1\n") || bundle instanceof Uint8Array && bundle[0] === 210 && bundle[1] === 132) {
        throw new VerifyError("UsageError", "this page reads evidence bundles (JSON); check a tlog-proof file or a COSE Receipt with ipledger-verify");
      }
      const v = await verify(bundle, {
        document: document2,
        logKey,
        trusted: trusted === null ? null : trusted.blocks,
        trustedChainId: trusted === null ? null : trusted.chain,
        logAddress,
        tsaRoots,
        progress: passed
      });
      const proven = v.anchor.canonicalBy !== null;
      const given = { ...v, logAddressGiven: logAddress !== null, tsaRootsGiven: tsaRoots !== null };
      const rows = statementRows(given);
      return {
        exit: proven ? EXIT_PROVEN : EXIT_UNCONFIRMED,
        result: proven ? "proven" : "self-consistent",
        error_type: null,
        message: null,
        claim: claim(v),
        checks: v.checks,
        not_made: rows.notMade,
        rows: rows.rows,
        remaining: remainingWords(given),
        caveat: developmentCaveat(given),
        warnings: v.warnings
      };
    } catch (error) {
      if (!(error instanceof VerifyError)) {
        return { exit: null, result: "error", error_type: "InternalError", message: String(error && error.stack || error), checks: [], not_made: [], passed };
      }
      const unusable = UNUSABLE.some((kind) => isA(error.type, kind));
      return {
        exit: unusable ? EXIT_UNUSABLE : EXIT_FAILED,
        result: unusable ? "unusable" : "failed",
        error_type: error.type,
        message: error.message,
        checks: [],
        not_made: [],
        passed
      };
    }
  }

  // verifier/web/src/ui.js
  var $ = (id) => document.getElementById(id);
  var FAILURE_ORDER = [
    [0, "Bundle is well formed"],
    [1, "Document matches"],
    [2, "Log entry rebuilt"],
    [4, "Checkpoint signed by the log"],
    [3, "Entry is in the log"],
    [9, "Time-stamped by RFC 3161 TSAs"],
    [5, "Block header matches"],
    [6, "Transaction receipt is in the block"],
    [7, "Block anchors the checkpoint"],
    [8, "Block is on the chain's canonical history"]
  ];
  var FAILED_STEP = {
    DocumentMismatch: 1,
    QuorumNotMet: 4,
    SignatureError: 4,
    UnknownKeyError: 4,
    InvalidNote: 4,
    InvalidCheckpoint: 4,
    InclusionError: 3,
    HeaderMismatch: 5,
    InvalidHeader: 5,
    ReceiptProofError: 6,
    TransactionProofError: 6,
    TransactionMismatch: 6,
    InvalidTransaction: 6,
    TrieProofError: 6,
    KeyNotInTrie: 6,
    InvalidReceipt: 6,
    InvalidRLP: 6,
    AnchorEventError: 7,
    UntrustedBlock: 8,
    BlockNotFinal: 8,
    CanonicalityError: 8,
    InvalidBlockProof: 8,
    UnsupportedBlockProof: 8,
    InvalidTimestampToken: 9,
    TimestampImprintMismatch: 9,
    UntrustedTimestampAuthority: 9
  };
  async function readFile(input) {
    const file = input.files && input.files[0];
    return file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
  }
  function row(list, mark, cls, text) {
    const li = document.createElement("li");
    li.className = cls;
    const m = document.createElement("span");
    m.className = "mark";
    m.textContent = mark;
    li.append(m, document.createTextNode(" " + text));
    list.append(li);
  }
  function show(result, digestLine, given) {
    const panel = $("verdict");
    panel.hidden = false;
    const status = $("status");
    const list = $("checks");
    list.replaceChildren();
    const words = $("words");
    words.replaceChildren();
    const para = (text, cls = "") => {
      const p = document.createElement("p");
      p.textContent = text;
      if (cls) p.className = cls;
      words.append(p);
    };
    if (result.result === "proven" || result.result === "self-consistent") {
      const label = result.result === "proven" ? "PROVEN" : "SELF-CONSISTENT (unconfirmed)";
      status.textContent = label;
      panel.className = result.result;
      const all = [...result.checks.map((c) => ({ ...c, made: true })), ...result.rows].map((c, i) => [c, i]);
      all.sort((x, y) => x[0].step - y[0].step || x[1] - y[1]);
      for (const [c] of all) {
        if (c.made) row(list, "✔", "passed", `${c.title}: ${c.detail}`);
        else row(list, "○", "not-made", `${c.title}: not checked: ${c.reason}`);
      }
      if (result.claim) para(`${label}: ${result.claim}`, "claim");
      if (result.caveat) para(result.caveat, "warning");
      for (const w of result.warnings) para(`Warning: ${w}.`, "warning");
      if (result.remaining.length) {
        para("What remains for you to check:");
        const ul = document.createElement("ul");
        for (const item of result.remaining) {
          const li = document.createElement("li");
          li.textContent = item;
          ul.append(li);
        }
        words.append(ul);
      }
    } else {
      const label = result.result === "unusable" ? "UNUSABLE INPUT" : "NOT PROVEN";
      status.textContent = label;
      panel.className = "failed";
      const failed = FAILED_STEP[result.error_type];
      if (result.result === "failed" && failed !== void 0) {
        const passed = result.passed || [];
        const version = Number((passed[0] && /v(\d+)$/.exec(passed[0].detail) || [0, 1])[1]);
        let reached = true;
        for (const [step, v1Title] of FAILURE_ORDER) {
          if (step === 9 && version < 3 && failed !== 9) continue;
          const title = step === 6 && version >= 2 ? "Transaction and receipt are in the block" : v1Title;
          const made = passed.find((p) => p.step === step);
          if (step === failed) {
            row(list, "✘", "failed", `${title}: ${result.message}`);
            reached = false;
          } else if (!reached) {
            row(list, "–", "not-reached", `${title}: not reached (verification stops at the first failed check)`);
          } else if (step === 1 && !given.document) {
            row(list, "○", "not-made", `${title}: not checked: only the bundle was given`);
          } else if (step === 4 && !given.logKey) {
            row(list, "○", "not-made", `${title}: not checked: the log's verifier key was not given`);
          } else {
            row(list, "✔", "passed", `${title}: ${made ? made.detail : "passed before the failing check"}`);
          }
        }
      }
      para(`✘ ${label}: ${result.message} (${result.error_type})`, "claim");
      if (result.result === "failed") {
        para("The evidence does not show that the document existed at the time it claims.");
      }
    }
    $("digest").textContent = digestLine;
  }
  function startPage(verify2) {
    const form = $("verify-form");
    for (const zone of document.querySelectorAll(".drop")) {
      const input = zone.querySelector("input[type=file]");
      zone.addEventListener("dragover", (event) => {
        event.preventDefault();
        zone.classList.add("over");
      });
      zone.addEventListener("dragleave", () => zone.classList.remove("over"));
      zone.addEventListener("drop", (event) => {
        event.preventDefault();
        zone.classList.remove("over");
        input.files = event.dataTransfer.files;
      });
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const doc = await readFile($("document"));
      const bundle = await readFile($("bundle"));
      if (bundle === null) {
        show({ result: "unusable", error_type: "UsageError", message: "give the evidence bundle (the .json file)" }, "", {});
        return;
      }
      const trustedText = $("trusted-blocks").value.trim();
      const trustedFile = await readFile($("trusted-file"));
      const trusted = trustedText || trustedFile && new TextDecoder().decode(trustedFile.bytes) || null;
      const key = $("log-key").value.trim() || null;
      const logAddress = $("log-address").value.trim() || null;
      const tsa = await readFile($("tsa-ca"));
      const result = await verify2({
        bundle: bundle.bytes,
        document: doc && doc.bytes,
        logKey: key,
        trustedBlocks: trusted,
        logAddress,
        tsaCa: tsa && tsa.bytes
      });
      const digestLine = doc ? `${doc.name}: SHA-256 ${toHex(sha256(doc.bytes))} (computed in this page; the file was not sent anywhere)` : "No document given: only the bundle was checked.";
      show(result, digestLine, { document: doc !== null, logKey: key !== null });
      document.body.dataset.result = result.result;
    });
  }

  // verifier/web/src/main.js
  globalThis.ipledgerVerify = ipledgerVerify;
  if (typeof document !== "undefined" && document.getElementById("verify-form")) startPage(ipledgerVerify);
})();
/*! Bundled license information:

@noble/curves/utils.js:
@noble/curves/abstract/modular.js:
@noble/curves/abstract/curve.js:
@noble/curves/abstract/edwards.js:
@noble/curves/ed25519.js:
@noble/curves/abstract/der.js:
@noble/curves/abstract/weierstrass.js:
@noble/curves/secp256k1.js:
@noble/curves/nist.js:
  (*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) *)
*/

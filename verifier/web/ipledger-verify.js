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
  function setU64FromNum(view, byteOffset, n, isLE) {
    const h = fromNumH(n);
    const l = fromNumL(n);
    view.setUint32(byteOffset, isLE ? l : h, isLE);
    view.setUint32(byteOffset + 4, isLE ? h : l, isLE);
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
    constructor(blockLen, outputLen, padOffset, isLE) {
      this.blockLen = blockLen;
      this.outputLen = outputLen;
      this.padOffset = padOffset;
      this.isLE = isLE;
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
      const { buffer, view, blockLen, isLE } = this;
      let { pos } = this;
      buffer[pos++] = 128;
      buffer.fill(0, pos);
      if (this.padOffset > blockLen - pos) {
        this.process(view, 0);
        buffer.fill(0);
      }
      setU64FromNum(view, blockLen - 8, this.length * 8, isLE);
      this.process(view, 0);
      this.roundClean();
      const oview = out === buffer ? view : createView(out);
      const len = this.outputLen;
      const outLen = len / 4;
      const state = this.get();
      if (len % 4 || outLen > state.length)
        throw new Error("invalid outputLen");
      for (let i = 0; i < outLen; i++)
        oview.setUint32(4 * i, state[i], isLE);
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
      const { A, B, C, D, E, F, G, H } = this;
      return [A, B, C, D, E, F, G, H];
    }
    // prettier-ignore
    set(A, B, C, D, E, F, G, H) {
      this.A = A | 0;
      this.B = B | 0;
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
      let { A, B, C, D, E, F, G, H } = this;
      for (let i = 0; i < 64; i++) {
        const sigma1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
        const T1 = H + sigma1 + Chi(E, F, G) + SHA256_K[i] + SHA256_W[i] | 0;
        const sigma0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
        const T2 = sigma0 + Maj(A, B, C) | 0;
        H = G;
        G = F;
        F = E;
        E = D + T1 | 0;
        D = C;
        C = B;
        B = A;
        A = T1 + T2 | 0;
      }
      A = A + this.A | 0;
      B = B + this.B | 0;
      C = C + this.C | 0;
      D = D + this.D | 0;
      E = E + this.E | 0;
      F = F + this.F | 0;
      G = G + this.G | 0;
      H = H + this.H | 0;
      this.set(A, B, C, D, E, F, G, H);
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
  function abool(value, title = "") {
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
  function sqrt9mod16(P) {
    const Fp_ = Field(P);
    const tn = tonelliShanks(P);
    const c1 = tn(Fp_, Fp_.neg(Fp_.ONE));
    const c2 = tn(Fp_, c1);
    const c3 = tn(Fp_, Fp_.neg(c1));
    const c4 = (P + _7n) / _16n;
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
  function tonelliShanks(P) {
    if (P < _3n)
      throw new Error("sqrt is not defined for small field");
    aoddModulus(P, "tonelliShanks");
    let Q = P - _1n2;
    let S = 0;
    while (Q % _2n === _0n2) {
      Q /= _2n;
      S++;
    }
    let Z = _2n;
    const _Fp = Field(P);
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
  function FpSqrt(P) {
    aoddModulus(P, "Fp.sqrt");
    if (P % _4n === _3n)
      return sqrt3mod4;
    if (P % _8n === _5n)
      return sqrt5mod8;
    if (P % _16n === _9n)
      return sqrt9mod16(P);
    return tonelliShanks(P);
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
    abool(passZero, "passZero");
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
      const { _lengths: allowedLengths, BYTES, isLE, ORDER, _mod: modFromBytes } = this;
      if (allowedLengths) {
        if (bytes.length < 1 || !allowedLengths.includes(bytes.length) || bytes.length > BYTES) {
          throw new Error("Field.fromBytes: expected " + allowedLengths + " bytes, got " + bytes.length);
        }
        const padded = new Uint8Array(BYTES);
        padded.set(bytes, isLE ? 0 : padded.length - bytes.length);
        bytes = padded;
      }
      if (bytes.length !== BYTES)
        throw new Error("Field.fromBytes: expected " + BYTES + " bytes, got " + bytes.length);
      let scalar = isLE ? bytesToNumberLE(bytes) : bytesToNumberBE(bytes);
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
      abool(condition, "condition");
      return condition ? b : a;
    }
  };
  function Field(ORDER, opts = {}) {
    Object.freeze(_Field.prototype);
    return new _Field(ORDER, opts);
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
  function getWindowSize(P) {
    return pointWindowSizes.get(P) || 1;
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
    abool(allowOversized, "allowOversized");
    validateMSMScalars(scalars, c.Fn, allowOversized ? c.Fn.ORDER ** _4n2 : void 0);
    if (points.length !== scalars.length)
      throw new Error("arrays of points and scalars must have equal length");
    const tables = points.map((p) => oddMultiples(p, 4));
    const digits = scalars.map((n) => wnafDigits(n, 4));
    return wnafWalk(c.ZERO, tables, digits);
  }
  function createField(order, field, isLE) {
    if (field) {
      if (field.ORDER !== order)
        throw new Error("Field.ORDER must match order: Fp == p, Fn == n");
      validateField(field);
      return field;
    } else {
      return Field(order, { isLE });
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
        abool(zip215, "zip215");
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
        const B = Fp2.sqr(Y1);
        const C = Fp2.mul(Fp2.sqr(Z1), _2n2);
        const D = mulA(A);
        const x1y1 = Fp2.addN(X1, Y1);
        const E = Fp2.sub(Fp2.subN(Fp2.sqr(x1y1), A), B);
        const G = Fp2.addN(D, B);
        const F = Fp2.subN(G, C);
        const H = Fp2.subN(D, B);
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
        const B = Fp2.mul(Y1, Y2);
        const C = Fp2.mul(Fp2.mulN(T1, d), T2);
        const D = Fp2.mul(Z1, Z2);
        const E = Fp2.sub(Fp2.subN(Fp2.mulN(Fp2.addN(X1, Y1), Fp2.addN(X2, Y2)), A), B);
        const F = Fp2.subN(D, C);
        const G = Fp2.addN(D, C);
        const H = Fp2.sub(B, mulA(A));
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
      abool(phflag, "phflag");
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
        abool(zip215, "zip215");
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
    const P = ed25519_CURVE_p;
    const x2 = x * x % P;
    const b2 = x2 * x % P;
    const b4 = pow2(b2, _2n3, P) * b2 % P;
    const b5 = pow2(b4, _1n5, P) * x % P;
    const b10 = pow2(b5, _5n2, P) * b5 % P;
    const b20 = pow2(b10, _10n, P) * b10 % P;
    const b40 = pow2(b20, _20n, P) * b20 % P;
    const b80 = pow2(b40, _40n, P) * b40 % P;
    const b160 = pow2(b80, _80n, P) * b80 % P;
    const b240 = pow2(b160, _80n, P) * b80 % P;
    const b250 = pow2(b240, _10n, P) * b10 % P;
    const pow_p_5_8 = pow2(b250, _2n3, P) * x % P;
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
    const P = ed25519_CURVE_p;
    const v3 = mod(v * v * v, P);
    const v7 = mod(v3 * v3 * v, P);
    const pow3 = ed25519_pow_2_252_3(u * v7).pow_p_5_8;
    let x = mod(u * v3 * pow3, P);
    const vx2 = mod(v * x * x, P);
    const root1 = x;
    const root2 = mod(x * ED25519_SQRT_M1, P);
    const useRoot1 = vx2 === u;
    const useRoot2 = vx2 === mod(-u, P);
    const noRoot = vx2 === mod(-u * ED25519_SQRT_M1, P);
    if (useRoot1)
      x = root1;
    if (useRoot2 || noRoot)
      x = root2;
    if (isNegativeLE(x, P))
      x = mod(-x, P);
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
    const bad = (why) => new VerifyError("InvalidVerifierKey", why);
    if (typeof text !== "string") throw bad("a verifier key is a string");
    if (text.startsWith("PRIVATE+KEY+")) {
      throw bad(
        "this is a private signing key, not a verifier key: give the public key string (and keep the private one secret)"
      );
    }
    const first = text.indexOf("+");
    const second = first < 0 ? -1 : text.indexOf("+", first + 1);
    if (first < 0 || second < 0) {
      throw bad(
        "a verifier key reads <name>+<8 hex key id>+<base64 key>, e.g. example.com/log+c74f20a3+ARpc...; check that the whole string was copied"
      );
    }
    const name = text.slice(0, first);
    const hexId = text.slice(first + 1, second);
    const encoded = text.slice(second + 1);
    const problem = nameProblem(name);
    if (problem !== null) throw bad(`key name ${problem}`);
    if (!/^[0-9a-f]{8}$/.test(hexId)) throw bad(`key id ${pyRepr(hexId)} must be 8 lowercase hex characters`);
    const raw = b64decodeStrict(encoded);
    if (raw === null || raw.length === 0) throw bad("the key data is not canonical standard base64");
    if (raw[0] !== ALG_ED25519 && raw[0] !== ALG_COSIGNATURE_V1) {
      throw bad(
        `unknown key algorithm 0x${raw[0].toString(16).padStart(2, "0")}; only Ed25519 note keys (0x01) and Ed25519 cosigner keys (0x04)`
      );
    }
    if (raw.length !== 33) throw bad(`an Ed25519 key is 32 bytes, got ${raw.length - 1}`);
    const publicKey = raw.slice(1);
    const expected = computeKeyId(name, publicKey, raw[0]);
    if (toHex(expected) !== hexId) {
      throw bad(
        `key id ${hexId} does not match the name and public key (they give ${toHex(expected)}): the key string is corrupt`
      );
    }
    if (!validPoint(publicKey)) throw bad("the public key is not a valid Ed25519 point");
    return { name, keyId: expected, publicKey, algorithm: raw[0], text: `${name}+${hexId}+${encoded}` };
  }
  function checkCharacters(note) {
    const bad = (why) => new VerifyError("InvalidNote", why);
    if (!note.isWellFormed()) throw bad("the note is not valid UTF-8 (lone surrogate)");
    const size = utf8.encode(note).length;
    if (size > MAX_NOTE_BYTES) throw bad(`the note is ${size} bytes, the limit is ${MAX_NOTE_BYTES}`);
    note.split("\n").forEach((line, n) => {
      for (const ch of line) {
        const c = ch.codePointAt(0);
        if (c < 32) throw bad(`line ${n + 1} holds the control character U+${c.toString(16).toUpperCase().padStart(4, "0")}`);
      }
    });
  }
  function parseNote(note) {
    const bad = (why) => new VerifyError("InvalidNote", why);
    if (typeof note !== "string") throw bad("a note is text");
    checkCharacters(note);
    const split2 = note.lastIndexOf("\n\n");
    if (split2 < 0) throw bad("no blank line separates the note text from its signatures");
    const text = note.slice(0, split2 + 1);
    const block = note.slice(split2 + 2);
    if (!text.replace(/^\n+|\n+$/g, "")) throw bad("the note text is empty");
    if (!block) throw bad("the note has no signature lines");
    if (!block.endsWith("\n")) throw bad("the last signature line does not end with a newline");
    const lines = block.slice(0, -1).split("\n");
    if (lines.length > MAX_SIGNATURES) throw bad(`the note has ${lines.length} signatures, the limit is ${MAX_SIGNATURES}`);
    return { text, signatures: lines.map(parseSignatureLine) };
  }
  function parseSignatureLine(line) {
    const bad = (why) => new VerifyError("InvalidNote", why);
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw bad(`signature line ${pyRepr(line.slice(0, 40))} does not start with an em dash and space`);
    }
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(" ");
    const name = space < 0 ? rest : rest.slice(0, space);
    const problem = nameProblem(name);
    if (problem !== null) throw bad(`signature key name ${problem}`);
    const raw = space < 0 ? null : b64decodeStrict(rest.slice(space + 1));
    if (raw === null) throw bad(`the signature of ${name} is not canonical standard base64`);
    if (raw.length <= 4) throw bad(`the signature of ${name} is too short (${raw.length} bytes)`);
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
    const bad = (why) => new VerifyError("InvalidCheckpoint", why);
    if (!body.endsWith("\n")) throw bad("the checkpoint text must end with a newline");
    const lines = body.slice(0, -1).split("\n");
    if (lines.length < 3) throw bad("a checkpoint has at least 3 lines: origin, tree size, root hash");
    const [origin, sizeText, rootText, ...extensions] = lines;
    if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) {
      throw bad(`tree size ${pyRepr(sizeText.slice(0, 30))} is not a decimal number without leading zeros`);
    }
    const root = b64decodeStrict(rootText);
    if (root === null) throw bad("the root hash is not canonical standard base64");
    if (root.length !== 32) throw bad(`the root hash is ${root.length} bytes, expected 32`);
    if (sizeText.length > 20) throw bad(`tree size ${sizeText.slice(0, 30)}... is above 2^64-1`);
    const size = BigInt(sizeText);
    const line = (what, value) => {
      if (!value) throw bad(`${what} must not be empty`);
      for (const ch of value) if (ch.codePointAt(0) < 32) throw bad(`${what} must not hold control characters or newlines`);
      if (!value.isWellFormed()) throw bad(`${what} is not valid UTF-8 (lone surrogate)`);
    };
    line("origin", origin);
    if (size > MAX_TREE_SIZE) throw bad(`tree size ${size} is outside 0..2^64-1`);
    if (size === 0n && !equal(root, EMPTY_ROOT)) throw bad("the empty tree's root must be SHA-256 of the empty string");
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
  function invalid(message) {
    return new VerifyError("InvalidDer", message);
  }
  function toHex2(bytes) {
    let out = "";
    for (const b of bytes) out += b.toString(16).padStart(2, "0");
    return out;
  }
  function bytesEqual(a, b) {
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
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
        throw invalid(`expected a constructed value, found primitive tag ${this.number}`);
      }
      return readAll(this.content);
    }
    is(cls, number) {
      return this.cls === cls && this.number === number;
    }
  };
  function readOne(data, at) {
    if (at + 2 > data.length) throw invalid("truncated DER: a tag and a length are missing");
    const first = data[at];
    const cls = first >> 6, constructed = (first & 32) !== 0, number = first & 31;
    let pos = at + 1;
    if (number === 31) {
      throw invalid("a tag number above 30 (high-tag form): no token or certificate has one");
    }
    let length = data[pos];
    pos += 1;
    if (length === 128) throw invalid("an indefinite length is not DER");
    if (length > 128) {
      const count = length & 127;
      if (count > 4 || pos + count > data.length) throw invalid("a length is too long or truncated");
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + data[pos + i];
      if (length < 128 || data[pos] === 0) throw invalid("a length is not minimally encoded");
      pos += count;
    }
    if (pos + length > data.length) throw invalid("truncated DER: a value is shorter than its length");
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
      throw invalid(`the DER value is ${data.length} bytes, over the ${MAX_SIZE}-byte limit`);
    }
    const [element, end] = readOne(data, 0);
    if (end !== data.length) throw invalid(`${data.length - end} trailing bytes after the DER value`);
    return element;
  }
  function expect(element, number, cls = UNIVERSAL, constructed = null) {
    if (constructed === null) {
      constructed = cls === UNIVERSAL ? number === SEQUENCE || number === SET : element.constructed;
    }
    if (!element.is(cls, number) || element.constructed !== constructed) {
      throw invalid(
        `expected tag ${number} of class ${cls}, found tag ${element.number} of class ${element.cls}`
      );
    }
    return element;
  }
  function explicit(element, number) {
    const items = expect(element, number, CONTEXT, true).children();
    if (items.length !== 1) throw invalid(`an EXPLICIT [${number}] holds ${items.length} values, not one`);
    return items[0];
  }
  function sequence(element, lo = 0, hi = 1 << 16) {
    const items = expect(element, SEQUENCE).children();
    if (!(lo <= items.length && items.length <= hi)) {
      throw invalid(`a SEQUENCE has ${items.length} elements, expected ${lo} to ${hi}`);
    }
    return items;
  }
  function setOf(element) {
    return expect(element, SET).children();
  }
  function integer(element, cls = UNIVERSAL, number = INTEGER) {
    const content = expect(element, number, cls, false).content;
    if (content.length === 0) throw invalid("an INTEGER has no contents");
    if (content.length > 1 && (content[0] === 0 && !(content[1] & 128) || content[0] === 255 && content[1] & 128)) {
      throw invalid("an INTEGER is not minimally encoded");
    }
    let value = BigInt("0x" + toHex2(content));
    if (content[0] & 128) value -= 1n << BigInt(content.length * 8);
    return value;
  }
  function boolean(element) {
    const content = expect(element, BOOLEAN, UNIVERSAL, false).content;
    if (content.length !== 1 || content[0] !== 0 && content[0] !== 255) {
      throw invalid("a BOOLEAN is not 0x00 or 0xFF");
    }
    return content[0] === 255;
  }
  function nullValue(element) {
    if (expect(element, NULL, UNIVERSAL, false).content.length) throw invalid("a NULL has contents");
    return null;
  }
  function octetString(element) {
    return expect(element, OCTET_STRING, UNIVERSAL, false).content;
  }
  function bitString(element) {
    const content = expect(element, BIT_STRING, UNIVERSAL, false).content;
    if (content.length === 0 || content[0] !== 0) {
      throw invalid("a BIT STRING has unused bits where whole octets are required");
    }
    return content.subarray(1);
  }
  function namedBits(element) {
    const content = expect(element, BIT_STRING, UNIVERSAL, false).content;
    if (content.length === 0 || content[0] > 7 || content.length === 1 && content[0]) {
      throw invalid("a BIT STRING's unused-bit count is invalid");
    }
    const unused = content[0], bits = content.subarray(1);
    if (bits.length) {
      const last = bits[bits.length - 1];
      if (last & (1 << unused) - 1 || !(last >> unused & 1)) {
        throw invalid("a named-bit BIT STRING is not in its DER form (trailing bits)");
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
      throw invalid("an OBJECT IDENTIFIER is empty or truncated");
    }
    const arcs = [];
    let value = 0n, start = true;
    for (const byte of content) {
      if (start && byte === 128) throw invalid("an OBJECT IDENTIFIER arc is not minimally encoded");
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
      throw invalid(`a time is not a DER UTCTime or GeneralizedTime: ${JSON.stringify(text)}`);
    }
    const micro = Number(fraction.slice(0, 6).padEnd(6, "0") || 0);
    const value = utcMicros(...fields, micro);
    if (value === null) throw invalid(`a time is not a calendar date: ${JSON.stringify(text)}`);
    return value;
  }

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
      const { A, B, C, D, E } = this;
      return [A, B, C, D, E];
    }
    set(A, B, C, D, E) {
      this.A = A | 0;
      this.B = B | 0;
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
      let { A, B, C, D, E } = this;
      for (let i = 0; i < 80; i++) {
        let F, K;
        if (i < 20) {
          F = Chi(B, C, D);
          K = 1518500249;
        } else if (i < 40) {
          F = B ^ C ^ D;
          K = 1859775393;
        } else if (i < 60) {
          F = Maj(B, C, D);
          K = 2400959708;
        } else {
          F = B ^ C ^ D;
          K = 3395469782;
        }
        const T = rotl(A, 5) + F + E + K + SHA1_W[i] | 0;
        E = D;
        D = C;
        C = rotl(B, 30);
        B = A;
        A = T;
      }
      A = A + this.A | 0;
      B = B + this.B | 0;
      C = C + this.C | 0;
      D = D + this.D | 0;
      E = E + this.E | 0;
      this.set(A, B, C, D, E);
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
    "NIST P-256": ["P-256", 32, 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n],
    "NIST P-384": ["P-384", 48, 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n],
    "NIST P-521": ["P-521", 66, 0x01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n]
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
            throw invalid(`a name attribute ${key} is not valid text`);
          }
          text = Array.from(text, (c) => ',+"\\<>;='.includes(c) ? "\\" + c : c).join("");
        } else {
          text = "#" + toHex2(value.raw);
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
      if (!bytesEqual(innerAlgorithm.raw, algorithmId.raw)) {
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
        if (!bytesEqual(candidate.subject, last.issuer) || path.some((c) => bytesEqual(c.der, candidate.der))) {
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
    if (roots.some((root) => bytesEqual(root.der, leaf.der))) return [leaf];
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
        if (id !== null && bytesEqual(id, signerId.content)) return c;
      }
      return null;
    }
    const [issuer, serial] = sequence(signerId, 2, 2);
    const number = integer(serial);
    return pool.find((c) => bytesEqual(c.issuer, issuer.raw) && c.serial === number) ?? null;
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
    if (!digestAlgorithms.some((d) => bytesEqual(d, digestAlgorithm.raw))) {
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
      if (!parts.length || !bytesEqual(octetString(parts[0]), HASHES[digest](signer.der))) {
        throw invalidToken("the token's ESS signing-certificate attribute names another certificate");
      }
      if (parts.length === 2) {
        const [names, serial] = sequence(parts[1], 2, 2);
        const directory = sequence(names, 1).filter((n) => n.is(CONTEXT, 4));
        if (integer(serial) !== signer.serial || directory.length && !bytesEqual(explicit(directory[0], 4).raw, signer.issuer)) {
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
    if (!bytesEqual(HASHES[digest](message), messageImprint)) {
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
      if (!attributes.has(MESSAGE_DIGEST) || !bytesEqual(
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
    let check = null;
    if (checked.length) {
      const treeSize = size ?? new TextDecoder().decode(message).split("\n")[1];
      const words = checked.map((t) => tokenWords(t, roots !== null)).join("; ");
      const over = `over the checkpoint's note (origin, size ${treeSize}, root)`;
      check = { step: 9, title: TITLE, detail: `${checked.length} token(s) ${over}, signed: ${words}` };
    }
    return {
      check,
      tokens: checked.map((t) => ({
        genTimeSeconds: Number(t.genTime) / 1e6,
        genTimeText: stampTime(t.genTime),
        subject: t.tsa.subjectText,
        trusted: t.trusted
      })),
      checked
    };
  }

  // verifier/web/src/parts.js
  var parseAnchor = null;
  var verifyAnchor = null;

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
  function invalid2(message) {
    return new VerifyError("InvalidBundle", message);
  }
  function object(value, where, keys) {
    if (!isObject(value)) throw invalid2(`${where} must be a JSON object`);
    const unknown = Object.keys(value).filter((k) => !keys.includes(k)).sort();
    if (unknown.length) throw invalid2(`${where} has unknown key(s) ${unknown.map(pyRepr).join(", ")}`);
    const missing = keys.filter((k) => !Object.prototype.hasOwnProperty.call(value, k));
    if (missing.length) throw invalid2(`${where} lacks key(s) ${missing.map(pyRepr).join(", ")}`);
    return value;
  }
  function uint(value, where, maximum = MAX_UINT64) {
    if (typeof value !== "bigint" || value < 0n || value > maximum) {
      throw invalid2(`${where} must be an integer from 0 to ${maximum}`);
    }
    return value;
  }
  function plainHex(value, where, size) {
    if (typeof value !== "string" || value.length !== 2 * size || !/^[0-9a-f]*$/.test(value)) {
      throw invalid2(`${where} must be ${2 * size} lowercase hex characters`);
    }
    return fromHex(value);
  }
  function chainBase64(value, where, size = null, limit = 1 << 18) {
    const raw = typeof value === "string" && value ? b64decodeStrict(value) : null;
    if (raw === null) {
      const spelled = typeof value === "string" && value && /^[A-Za-z0-9+/=]*$/.test(value) && value.length % 4 === 0;
      throw invalid2(spelled && !/=[^=]/.test(value) ? `${where} is not in canonical base64` : `${where} must be base64 text (RFC 4648, with padding)`);
    }
    if (size !== null && raw.length !== size) throw invalid2(`${where} must be ${size} bytes, got ${raw.length}`);
    if (size === null && !(raw.length > 0 && raw.length <= limit)) throw invalid2(`${where} must hold between 1 and ${limit} bytes`);
    return raw;
  }
  function parseBundle(input) {
    let text = input;
    if (input instanceof Uint8Array) {
      if (input.length > MAX_BUNDLE_BYTES) throw invalid2(`bundle is larger than ${MAX_BUNDLE_BYTES} bytes`);
      try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(input);
      } catch {
        throw invalid2("bundle is not UTF-8 text (invalid start byte)");
      }
    }
    if (typeof text !== "string") throw invalid2("bundle must be JSON text");
    if ([...text].length > MAX_BUNDLE_BYTES) throw invalid2(`bundle is larger than ${MAX_BUNDLE_BYTES} bytes`);
    if (exceedsDepth(text, MAX_METADATA_DEPTH + 2)) throw invalid2("bundle nests arrays or objects too deeply");
    const data = parseJson(text, {
      type: "InvalidBundle",
      what: "bundle",
      duplicate: (key) => {
        throw invalid2(`duplicate key ${pyRepr(key)}`);
      },
      constant: (name) => {
        throw invalid2(`${name} is not a JSON number`);
      }
    });
    const version = isObject(data) && "version" in data ? data.version : 1n;
    if (typeof version !== "bigint" || version < 1n || version > 3n) {
      throw invalid2(
        `version must be 1, 2 or 3; this verifier reads versions 1 to ${VERSION} (a newer bundle needs a newer ipledger-verifier)`
      );
    }
    const v = Number(version);
    const top = object(data, "bundle", v >= 3 ? TOP_KEYS_V3 : TOP_KEYS);
    if (top.format !== FORMAT) throw invalid2(`format must be ${pyRepr(FORMAT)}`);
    const entry = parseEntry(top.entry);
    const inclusion = parseInclusion(top.inclusion, v);
    const checkpoint = parseCheckpointText(top.checkpoint);
    const anchor = parseAnchor === null ? null : parseAnchor(top.anchor, v);
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
      if (error instanceof VerifyError && error.type === "EntryError") throw invalid2(`entry.${error.message}`);
      throw error;
    }
    return { index: uint(obj.index, "entry.index"), digest, nonce, metadata, receivedAt };
  }
  function parseTimestamps(value) {
    if (!Array.isArray(value) || value.length > MAX_TIMESTAMPS) {
      throw invalid2(`timestamps must be a list of at most ${MAX_TIMESTAMPS} tokens`);
    }
    const tokens = value.map((t, i) => chainBase64(t, `timestamps[${i}]`, null, MAX_TOKEN_BYTES));
    if (new Set(value).size !== value.length) throw invalid2("timestamps carries the same token twice");
    return tokens;
  }
  function parseInclusion(value, version) {
    const obj = object(value, "inclusion", INCLUSION_KEYS);
    const proof = obj.proof;
    if (!Array.isArray(proof) || proof.length > MAX_PROOF_HASHES) {
      throw invalid2(`inclusion.proof must be a list of at most ${MAX_PROOF_HASHES} hashes`);
    }
    const read2 = version < 2 ? plainHex : chainBase64;
    return {
      treeSize: uint(obj.tree_size, "inclusion.tree_size"),
      proof: proof.map((h, i) => read2(h, `inclusion.proof[${i}]`, 32))
    };
  }
  function parseCheckpointText(value) {
    if (typeof value !== "string" || !value || [...value].length > 1 << 16) {
      throw invalid2("checkpoint must be the signed note text (a non-empty string)");
    }
    try {
      parseCheckpoint(parseNote(value).text);
    } catch (error) {
      if (error instanceof VerifyError && (error.type === "InvalidNote" || error.type === "InvalidCheckpoint")) {
        throw invalid2(`checkpoint is not a signed checkpoint note: ${error.message}`);
      }
      throw error;
    }
    return value;
  }

  // verifier/web/src/verify.js
  var LATE_ANCHOR_WARNING_SECONDS = 24n * 3600n;
  var FIVE_MINUTES_MS = 5n * 60n * 1000n;
  function missingParts() {
    const missing = [];
    if (parseAnchor === null || verifyAnchor === null) {
      missing.push({ steps: [5, 6, 7, 8], what: "the chain anchor (block header, transaction and receipt, the Anchored event, canonicality)" });
    }
    if (checkTimestamps === null) {
      missing.push({ steps: [9], what: "the RFC 3161 time-stamp tokens of a version 3 bundle" });
    }
    return missing;
  }
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
    let stamped = { check: null, tokens: [] };
    if (checkTimestamps !== null) {
      stamped = await checkTimestamps(bundle.timestamps, new TextEncoder().encode(bundle.checkpoint), {
        roots: options.tsaRoots ?? null,
        size: checkpoint.size
      });
    }
    let anchor = null;
    if (verifyAnchor !== null && bundle.anchor !== null) {
      anchor = await verifyAnchor(bundle.anchor, {
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
      logAuthenticated: used !== null,
      documentChecked: document2 !== null,
      missing: missingParts().filter((m) => bundle.version >= 3 || !m.steps.includes(9))
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
  var MAX_DATETIME_SECONDS = 253402300799n;
  function utc(seconds) {
    if (seconds > MAX_DATETIME_SECONDS) {
      return `${seconds} seconds after 1970-01-01 00:00:00 UTC (after the year 9999)`;
    }
    return new Date(Number(seconds) * 1e3).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  }
  function receivedAtUtc(ms) {
    const seconds = ms / 1000n;
    if (seconds > MAX_DATETIME_SECONDS) return utc(seconds);
    return utc(seconds).replace(" UTC", `.${String(ms % 1000n).padStart(3, "0")} UTC`);
  }
  function readTrustedBlocks(value) {
    const usage = 'the trusted blocks must be a JSON object {"<block number>": "0x<64 hex block hash>", ...} (or {"chain_id": <id>, "blocks": {...}})';
    const bad = (why) => new VerifyError("UsageError", why);
    let data = value;
    if (typeof data === "string") {
      data = parseJson(data, {
        type: "UsageError",
        what: "the trusted blocks",
        duplicate: () => {
        },
        constant: () => {
          throw bad(usage);
        }
      });
    }
    let chain = null;
    if (isObject(data) && "blocks" in data) {
      chain = data.chain_id;
      if (typeof chain === "number" && Number.isInteger(chain)) chain = BigInt(chain);
      const keys = Object.keys(data).sort().join(",");
      if (keys !== "blocks,chain_id" || typeof chain !== "bigint" || chain < 0n) {
        throw bad('with "blocks", give exactly a "chain_id" integer too');
      }
      data = data.blocks;
    }
    if (!isObject(data)) throw bad(usage);
    const blocks = /* @__PURE__ */ new Map();
    for (const [key, hash] of Object.entries(data)) {
      if (!/^(0|[1-9][0-9]{0,19})$/.test(key)) throw bad(`${key.slice(0, 30)} is not a block number; ${usage}`);
      if (typeof hash !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(hash)) {
        throw bad(`the hash of block ${key} is not 0x and 64 hex digits`);
      }
      blocks.set(BigInt(key), fromHex(hash.slice(2)));
    }
    return { chain, blocks };
  }
  function readTsaRoots(raw) {
    const usage = "--tsa-ca: give the TSA's (or its CA's) certificates, PEM or DER";
    const bad = (why) => new VerifyError("UsageError", `${usage}; ${why}`);
    if (raw.length > 4 << 20) throw bad("this file is larger than 4 MiB");
    const text = new TextDecoder("latin1").decode(raw);
    let ders = [raw];
    if (text.includes("-----BEGIN")) {
      const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]);
      if (!blocks.length) throw bad("it holds no PEM CERTIFICATE block");
      ders = blocks.map((b) => {
        const clean2 = b.replace(/\s+/g, "");
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean2) || clean2.length % 4) throw bad("a PEM block is not base64");
        return Uint8Array.from(atob(clean2), (c) => c.charCodeAt(0));
      });
    }
    ders.forEach((der, i) => {
      try {
        parseCertificate(der);
      } catch (error) {
        if (error instanceof VerifyError) throw bad(`certificate ${i + 1} of ${ders.length}: ${error.message}`);
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
    if (proven) clocks.push([Number(a.blockTime), `no later than ${utc(a.blockTime)} (block ${a.blockNumber} on ${chain})`]);
    clocks.sort((x, y) => x[0] - y[0]);
    const existed = `${subject[0].toUpperCase()}${subject.slice(1)} existed ` + clocks.map((c) => c[1]).join(", ");
    const says = `no later than ${utc(a.blockTime)} (block ${a.blockNumber} of the chain it names as chain id ${a.chainId})`;
    let text;
    if (clocks.length && !proven) text = `${existed}; the evidence says it existed ${says}`;
    else if (proven) text = existed;
    else text = `The evidence says ${subject} existed ${says}`;
    if (v.logAuthenticated) text += `; it was received by the log ${v.checkpoint.origin} at ${receivedAtUtc(v.entry.receivedAt)}`;
    else text += "; the log that recorded it is unauthenticated (no verifier key given)";
    return text + ".";
  }
  function notMade(v, logAddressGiven) {
    const rows = [];
    const digest = "sha256:" + toHex(v.entry.digest);
    if (!v.documentChecked) {
      rows.push({ step: 1, title: "Document matches", reason: `the document itself was not given, only its SHA-256 (${digest}), which is the entry's digest` });
    }
    if (!v.logAuthenticated) {
      rows.push({ step: 4, title: "Checkpoint signed by the log", reason: "the log's verifier key was not given (--log-key)" });
    }
    if (v.anchor !== null && !logAddressGiven) {
      rows.push({
        step: 7,
        title: "Anchored by the log's published operator address",
        reason: `no address was given (--log-address); the bundle's ${v.anchor.log} is taken as it states it (the time claim does not depend on it)`
      });
    }
    if (v.tokens.length && !v.tsaRootsGiven) {
      rows.push({ step: 9, title: "TSA certificates chain to a TSA you trust", reason: "the tokens' signatures were verified, not who signed them: pass --tsa-ca FILE with the certificate of a TSA (or its CA) you trust" });
    }
    if (v.anchor !== null && v.anchor.canonicalBy === null) {
      rows.push({
        step: 8,
        title: "Block is on the chain's canonical history",
        reason: `no node (--rpc) or trusted block hashes (--trusted-blocks) were given, or they did not cover block ${v.anchor.blockNumber}`
      });
    }
    for (const m of v.missing) {
      rows.push({ step: m.steps[0], title: `Steps ${m.steps.join(", ")}`, reason: `this build of the page cannot check ${m.what}` });
    }
    return rows.sort((x, y) => x.step - y.step);
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
      const complete = v.missing.length === 0;
      const proven = v.anchor !== null && v.anchor.canonicalBy !== null;
      return {
        exit: !complete ? null : proven ? EXIT_PROVEN : EXIT_UNCONFIRMED,
        result: !complete ? "incomplete" : proven ? "proven" : "self-consistent",
        error_type: null,
        message: null,
        claim: v.anchor === null ? null : claim(v),
        checks: v.checks,
        not_made: notMade({ ...v, tsaRootsGiven: tsaRoots !== null }, logAddress !== null),
        remaining: v.remaining,
        warnings: v.warnings,
        missing: v.missing
      };
    } catch (error) {
      if (!(error instanceof VerifyError)) {
        return { exit: null, result: "error", error_type: "InternalError", message: String(error && error.stack || error), checks: [], not_made: [], passed, missing: missingParts() };
      }
      const unusable = UNUSABLE.some((kind) => isA(error.type, kind));
      return {
        exit: unusable ? EXIT_UNUSABLE : EXIT_FAILED,
        result: unusable ? "unusable" : "failed",
        error_type: error.type,
        message: error.message,
        checks: [],
        not_made: [],
        passed,
        missing: missingParts()
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
    if (result.result === "proven" || result.result === "self-consistent" || result.result === "incomplete") {
      const label = { proven: "PROVEN", "self-consistent": "SELF-CONSISTENT (unconfirmed)", incomplete: "INCOMPLETE" }[result.result];
      status.textContent = label;
      panel.className = result.result;
      for (const c of result.checks) row(list, "✔", "passed", `${c.title}: ${c.detail}`);
      for (const c of result.not_made) row(list, "○", "not-made", `${c.title}: not checked: ${c.reason}`);
      if (result.claim) para(`${label}: ${result.claim}`, "claim");
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
    if (result.missing && result.missing.length && result.result !== "failed" && result.result !== "unusable") {
      for (const m of result.missing) para(`This build of the page cannot check ${m.what} (steps ${m.steps.join(", ")}): use ipledger-verify for them.`, "warning");
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
  (*! noble-curves - MIT License (c) 2022 Paul Miller (paulmillr.com) *)
*/

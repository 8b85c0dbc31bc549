// The page's entry point: the JS API on globalThis (harness) and the form (ui.js).
import { ipledgerVerify } from './result.js';
import { startPage } from './ui.js';

globalThis.ipledgerVerify = ipledgerVerify;
if (typeof document !== 'undefined' && document.getElementById('verify-form')) startPage(ipledgerVerify);

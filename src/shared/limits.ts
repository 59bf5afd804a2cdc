/**
 * Sizes that every side must agree on, once: the renderer refuses a file before reading it, the contract
 * refuses its base64, the server refuses the request body, and the core refuses the bytes.
 */

/** The largest CV: 15 MB. A CV is a few hundred KB; anything bigger is a scan or the wrong file. */
export const MAX_CV_MB = 15
export const MAX_CV_BYTES = MAX_CV_MB * 1024 * 1024
/** The same CV as base64 text: 4 characters for every 3 bytes. */
export const MAX_CV_BASE64_CHARS = Math.ceil(MAX_CV_BYTES / 3) * 4
/** The largest request body the headless server reads: a CV as base64 and 1 MB for the rest of the input. */
export const MAX_REQUEST_BYTES = MAX_CV_BASE64_CHARS + 1024 * 1024

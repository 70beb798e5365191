export { asError } from './as-error.js'
export { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorCodeSpec } from './codes.js'
export { NornicError, isNornicError } from './nornic-error.js'

export { ERROR_CODES, type ErrorCode, type ErrorCodeSpec } from './codes.js'
export { NornicError, isNornicError } from './nornic-error.js'

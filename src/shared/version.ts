/** Kept equal to package.json's version by a test. */
export const APP_VERSION = '0.1.0'
export const APP_NAME = 'Job Monitor'

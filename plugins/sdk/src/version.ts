/** This SDK's version: plugins' `sdk` ranges must include it (keep equal to package.json's version). */
export const sdkVersion = '0.1.0';

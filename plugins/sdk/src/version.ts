/**
 * This SDK's version: plugins' `sdk` ranges must include it (keep equal to package.json's version).
 * Additions that no plugin must use rise the patch while the SDK is 0.x, so the `^0.1.0` ranges plugins
 * declare keep including it; a change that breaks a plugin rises the minor.
 * - 0.1.0: the first.
 * - 0.1.1: the category catalogue (`categoryIds`, `categoryLabels`, `isCategoryId`; `categories.ts`).
 */
export const sdkVersion = '0.1.1';

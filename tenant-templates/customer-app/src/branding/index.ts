export { BrandLogo } from './BrandLogo.tsx';
export { applyCssVariables, brandingToCssVariables, resolveLogoUrl, type Branding } from './theme.ts';

import { useState } from 'react';
import { monogram } from './theme.ts';

/** The bank's logo, or its initials on the brand colour when it has none or it fails to load. */
export function BrandLogo({ name, src }: { name: string; src: string | null }) {
  const [failed, setFailed] = useState(false);
  if (src && !failed) {
    return <img className="brand-logo" src={src} alt={`${name} logo`} onError={() => setFailed(true)} />;
  }
  return (
    <span className="brand-logo brand-monogram" role="img" aria-label={`${name} logo`}>
      {monogram(name)}
    </span>
  );
}

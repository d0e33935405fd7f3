import { contrastRatio, readableOn } from '../../brand/contrast.ts';

/** WCAG AA for normal text. */
const AA = 4.5;

export interface BrandDraft {
  readonly name: string;
  readonly productName: string;
  readonly logo: string;
  readonly primaryColor: string;
  readonly accentColor: string;
  readonly supportEmail: string;
  readonly supportUrl: string;
  readonly hostnames: string;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** The colours' contrast problems: text on the top bar and on accent buttons must stay readable. */
export function contrastWarnings(draft: BrandDraft): string[] {
  const warnings: string[] = [];
  for (const [label, colour] of [
    ['Primary colour', draft.primaryColor],
    ['Accent colour', draft.accentColor],
  ] as const) {
    if (!HEX.test(colour)) continue;
    const ratio = contrastRatio(colour, readableOn(colour));
    if (ratio < AA) {
      warnings.push(
        `${label} ${colour}: text on it reaches only ${ratio.toFixed(1)}:1 (at least ${AA}:1 is needed).`,
      );
    }
  }
  return warnings;
}

/** A live miniature of the app under the draft brand: top bar, an accent button, the footer. */
export function BrandPreview({ draft }: { draft: BrandDraft }) {
  const primary = HEX.test(draft.primaryColor) ? draft.primaryColor : '#2b3440';
  const accent = HEX.test(draft.accentColor) ? draft.accentColor : '#3b6fb6';
  const warnings = contrastWarnings(draft);
  return (
    <figure className="brand-preview" aria-label="Preview of the brand">
      <div className="brand-preview-bar" style={{ background: primary, color: readableOn(primary) }}>
        {draft.logo ? <img src={draft.logo} alt="" width={28} height={28} /> : null}
        <strong>{draft.productName || 'Product name'}</strong>
      </div>
      <div className="brand-preview-body">
        <p>Welcome back.</p>
        <span className="brand-preview-button" style={{ background: accent, color: readableOn(accent) }}>
          Accent button
        </span>
      </div>
      <figcaption className="brand-preview-foot">
        {draft.name || 'Brand name'}
        {draft.supportEmail ? ` · Support: ${draft.supportEmail}` : ''}
      </figcaption>
      {warnings.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <strong>Low contrast</strong>
          <ul>
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </figure>
  );
}

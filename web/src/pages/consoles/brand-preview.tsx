import { contrastRatio, readableOn } from '../../brand/contrast.ts';

/** WCAG 1.4.11: a control's edge, a focus ring or the current page's mark needs 3:1 against the page. */
const NON_TEXT = 3;
const PAGE = '#ffffff';

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

/**
 * The colours' contrast problems. Text on a brand colour is always black or white, whichever reads
 * (at least 4.5:1), so what can fail is a colour against the white page: primary buttons and the
 * top bar's edge, the accent's focus rings and current-page marks.
 */
export function contrastWarnings(draft: BrandDraft): string[] {
  const warnings: string[] = [];
  for (const [label, colour, use] of [
    ['Primary colour', draft.primaryColor, 'primary buttons and the top bar'],
    ['Accent colour', draft.accentColor, 'focus rings and the current page’s mark'],
  ] as const) {
    if (!HEX.test(colour)) continue;
    const ratio = contrastRatio(colour, PAGE);
    if (ratio < NON_TEXT) {
      warnings.push(
        `${label} ${colour} reaches only ${ratio.toFixed(1)}:1 against the white page; ${use} need at least ${NON_TEXT}:1.`,
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
        <div className="notice notice-error" role="status">
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

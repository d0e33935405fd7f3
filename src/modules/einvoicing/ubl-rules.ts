import type { FieldProblem } from '../../platform/errors/index.ts';
import { minorUnitExponent } from '../ledger/index.ts';
import { canonicalRate, type UblDocument, type UblParty, type UblVatCategory } from './ubl-document.ts';
import { breakdownKey, categoryVat } from './ubl-totals.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d{1,12}(\.\d{1,6})?$/;
const isDay = (text: string) =>
  DAY.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
const blank = (text: string | undefined) => text === undefined || text.trim() === '';

/** Default exemption texts and VATEX codes EN 16931 expects for these categories (BR-AE-10, BR-O-10). */
export const DEFAULT_EXEMPTIONS: Readonly<Partial<Record<UblVatCategory, { reason: string; code: string }>>> =
  Object.freeze({
    AE: { reason: 'Reverse charge', code: 'VATEX-EU-AE' },
    O: { reason: 'Not subject to VAT', code: 'VATEX-EU-O' },
  });

function partyProblems(party: UblParty, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (blank(party.name)) problems.push({ path: `${path}/name`, message: 'BR-06/BR-07: a name is required' });
  if (!/^[A-Z]{2}$/.test(party.country))
    problems.push({ path: `${path}/country`, message: 'BR-09/BR-11: an ISO 3166-1 alpha-2 country code' });
  if (party.vatId !== undefined && !/^[A-Z]{2}[0-9A-Za-z+*.]{2,20}$/.test(party.vatId))
    problems.push({
      path: `${path}/vatId`,
      message: 'BR-CO-09: a VAT identifier starts with its country prefix (e.g. DE123456789)',
    });
  return problems;
}

/** Category rules for one line, allowance or charge (BR-S-05…07, BR-Z/E/AE-05…07, BR-O-05…07). */
function rateProblem(category: UblVatCategory, rate: string, path: string): FieldProblem | null {
  const canonical = canonicalRate(rate);
  if (canonical === null) return { path, message: 'a percent rate with at most two decimals' };
  if (category === 'S' && canonical === '0')
    return { path, message: 'BR-S-05: a standard rated amount has a rate above zero' };
  if ((category === 'Z' || category === 'E' || category === 'AE') && canonical !== '0')
    return { path, message: `BR-${category}-05: the rate of category ${category} is 0` };
  if (category === 'O' && canonical !== '0')
    return { path, message: 'BR-O-05: an amount not subject to VAT has no rate' };
  return null;
}

/**
 * Every EN 16931 rule the export could break with this input, as field problems naming the rule
 * (empty when the document can be exported): formats, the VAT category rules for S, Z, E, AE and
 * O, and the totals (BR-CO-10…16). The export refuses a document with problems rather than
 * writing an invoice a receiver would reject.
 */
export function ublDocumentProblems(doc: UblDocument): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const push = (path: string, message: string) => problems.push({ path, message });

  if (blank(doc.number)) push('/number', 'BR-02: an invoice number is required');
  if (!isDay(doc.issueDate)) push('/issueDate', 'BR-03: an issue date (YYYY-MM-DD) is required');
  if (doc.dueDate !== undefined && (!isDay(doc.dueDate) || doc.dueDate < doc.issueDate))
    push('/dueDate', 'a date (YYYY-MM-DD) not before the issue date');
  if (!/^[A-Z]{3}$/.test(doc.currency)) push('/currency', 'BR-05: an ISO 4217 currency code');
  else if (minorUnitExponent(doc.currency) > 2)
    push('/currency', 'BR-DEC: EN 16931 amounts have at most two decimals; this currency has more');
  if (doc.taxCurrency !== undefined) {
    if (!/^[A-Z]{3}$/.test(doc.taxCurrency.code) || doc.taxCurrency.code === doc.currency)
      push('/taxCurrency/code', 'BT-6: an ISO 4217 code other than the document currency');
    else if (minorUnitExponent(doc.taxCurrency.code) > 2)
      push('/taxCurrency/code', 'BR-DEC-15: this currency has more than two decimals');
  }
  if (doc.invoicePeriod !== undefined) {
    const { start, end } = doc.invoicePeriod;
    if (!isDay(start) || !isDay(end) || end < start)
      push('/invoicePeriod', 'BR-29: a period whose end is not before its start');
  }
  if (
    doc.kind === 'credit_note' &&
    (doc.precedingInvoice === undefined || blank(doc.precedingInvoice.number))
  )
    push('/precedingInvoice', 'BG-3: a credit note names the invoice it corrects');
  if (doc.precedingInvoice?.issueDate !== undefined && !isDay(doc.precedingInvoice.issueDate))
    push('/precedingInvoice/issueDate', 'a date (YYYY-MM-DD)');
  if (doc.paymentMeans !== undefined) {
    if (!/^[0-9A-Z]{1,3}$/.test(doc.paymentMeans.code)) push('/paymentMeans/code', 'BR-49: a UNCL 4461 code');
    if (['30', '58'].includes(doc.paymentMeans.code) && blank(doc.paymentMeans.iban))
      push('/paymentMeans/iban', 'BR-61: a credit transfer names the account to pay to');
  }
  problems.push(...partyProblems(doc.seller, '/seller'), ...partyProblems(doc.buyer, '/buyer'));
  const seller = doc.seller;
  if (blank(seller.vatId) && blank(seller.legalRegistrationId) && blank(seller.identifier))
    push('/seller', 'BR-CO-26: the seller has an identifier, a legal registration or a VAT identifier');

  // Lines, allowances and charges: their categories, rates and the breakdown they add up to.
  if (doc.lines.length === 0) push('/lines', 'BR-16: at least one line');
  const used = new Map<string, bigint>();
  const categories = new Set<UblVatCategory>();
  const use = (category: UblVatCategory, rate: string, amount: bigint) => {
    const key = breakdownKey(category, rate);
    used.set(key, (used.get(key) ?? 0n) + amount);
    categories.add(category);
  };
  const ids = new Set<string>();
  let lineNet = 0n;
  doc.lines.forEach((line, i) => {
    const path = `/lines/${i}`;
    if (blank(line.id) || ids.has(line.id)) push(`${path}/id`, 'BR-21: a line identifier, unique');
    ids.add(line.id);
    if (blank(line.description)) push(`${path}/description`, 'BR-25: an item name');
    if (!DECIMAL.test(line.quantity)) push(`${path}/quantity`, 'BR-22: a decimal quantity');
    if (!/^[A-Z0-9]{2,3}$/.test(line.unitCode)) push(`${path}/unitCode`, 'BR-23: a UN/ECE rec. 20 unit code');
    if (line.price.amountMinor < 0n) push(`${path}/price`, 'BR-27: the net price is not negative');
    if (line.price.baseQuantity !== undefined && !DECIMAL.test(line.price.baseQuantity))
      push(`${path}/price/baseQuantity`, 'a decimal base quantity');
    const rate = rateProblem(line.vatCategory, line.vatRate, `${path}/vatRate`);
    if (rate) problems.push(rate);
    lineNet += line.netMinor;
    use(line.vatCategory, line.vatRate, line.netMinor);
  });
  let allowances = 0n;
  let charges = 0n;
  (doc.allowanceCharges ?? []).forEach((item, i) => {
    const path = `/allowanceCharges/${i}`;
    if (blank(item.reason) && blank(item.reasonCode))
      push(`${path}/reason`, 'BR-33/BR-38: a reason or a reason code');
    if (item.amountMinor < 0n) push(`${path}/amountMinor`, 'not negative');
    const rate = rateProblem(item.vatCategory, item.vatRate, `${path}/vatRate`);
    if (rate) problems.push(rate);
    if (item.kind === 'allowance') allowances += item.amountMinor;
    else charges += item.amountMinor;
    use(item.vatCategory, item.vatRate, item.kind === 'allowance' ? -item.amountMinor : item.amountMinor);
  });

  // The breakdown: exactly the groups used, each with the right taxable amount and VAT.
  const seen = new Set<string>();
  let vat = 0n;
  doc.vatBreakdown.forEach((group, i) => {
    const path = `/vatBreakdown/${i}`;
    const key = breakdownKey(group.category, group.rate);
    if (seen.has(key)) push(path, `BR-${group.category}-01: one breakdown per category and rate`);
    seen.add(key);
    const taxable = used.get(key);
    if (taxable === undefined) push(path, 'BR-CO-18: a breakdown only for categories and rates in use');
    else if (taxable !== group.taxableMinor)
      push(`${path}/taxableMinor`, `BR-${group.category}-08: the sum of its lines, allowances and charges`);
    const rate = rateProblem(group.category, group.rate, `${path}/rate`);
    if (rate) problems.push(rate);
    else if (group.vatMinor !== categoryVat(group.category, group.rate, group.taxableMinor))
      push(`${path}/vatMinor`, `BR-${group.category}-09: taxable × rate, rounded once`);
    vat += group.vatMinor;
    const exempt = !blank(group.exemptionReason) || !blank(group.exemptionCode);
    if ((group.category === 'S' || group.category === 'Z') && exempt)
      push(path, `BR-${group.category}-10: no exemption reason for category ${group.category}`);
    if (group.category === 'E' && !exempt)
      push(`${path}/exemptionReason`, 'BR-E-10: an exempt breakdown states the exemption reason or code');
  });
  for (const key of used.keys())
    if (!seen.has(key)) push('/vatBreakdown', `BR-CO-18: a breakdown for ${key.replace(':', ' at ')}%`);

  // Who must (or must not) be identified by VAT for the categories in use.
  const sellerTaxed = !blank(seller.vatId) || !blank(seller.taxRegistrationId);
  for (const category of ['S', 'Z', 'E', 'AE'] as const)
    if (categories.has(category) && !sellerTaxed)
      push('/seller/vatId', `BR-${category}-02: the seller's VAT or tax registration identifier`);
  if (categories.has('AE') && blank(doc.buyer.vatId) && blank(doc.buyer.legalRegistrationId))
    push('/buyer/vatId', "BR-AE-02: reverse charge names the buyer's VAT or legal registration identifier");
  if (categories.has('O')) {
    if (categories.size > 1) push('/lines', 'BR-O-11…14: a document not subject to VAT has only category O');
    if (!blank(seller.vatId))
      push('/seller/vatId', 'BR-O-02: no seller VAT identifier when not subject to VAT');
    if (!blank(doc.buyer.vatId))
      push('/buyer/vatId', 'BR-O-02: no buyer VAT identifier when not subject to VAT');
  }

  // Totals (BR-CO-10…16, BR-53).
  const t = doc.totals;
  const check = (field: keyof typeof t, expected: bigint, rule: string) => {
    if (t[field] !== expected) push(`/totals/${field}`, `${rule}: expected ${expected}, got ${t[field]}`);
  };
  check('lineNetMinor', lineNet, 'BR-CO-10');
  check('allowancesMinor', allowances, 'BR-CO-11');
  check('chargesMinor', charges, 'BR-CO-12');
  check('netMinor', t.lineNetMinor - t.allowancesMinor + t.chargesMinor, 'BR-CO-13');
  check('vatMinor', vat, 'BR-CO-14');
  check('grossMinor', t.netMinor + t.vatMinor, 'BR-CO-15');
  check('payableMinor', t.grossMinor - (t.prepaidMinor ?? 0n), 'BR-CO-16');
  return problems;
}

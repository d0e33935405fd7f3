import { describe, expect, it } from 'vitest';
import { failedAsserts, standardsAvailability } from '../../../test/support/ubl-validation.ts';

describe('the validation harness', () => {
  it('reads failed asserts from SVRL, attributes in any order and with > inside them', () => {
    const svrl = `<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
      <svrl:failed-assert test="x > 0 and y &lt; 1"
                          id="BR-CO-16"
                          flag="fatal"
                          location="/Invoice[1]/LegalMonetaryTotal[1]">
        <svrl:text>[BR-CO-16]-Amount due &amp; so on.</svrl:text>
      </svrl:failed-assert>
      <svrl:fired-rule context="cac:InvoiceLine"/>
      <svrl:failed-assert flag="warning" id="UBL-CR-001" test="not(ext:UBLExtensions)" location="/Invoice[1]">
        <svrl:text>[UBL-CR-001]-A UBL invoice should not include extensions</svrl:text>
      </svrl:failed-assert>
    </svrl:schematron-output>`;
    expect(failedAsserts(svrl)).toEqual([
      {
        id: 'BR-CO-16',
        flag: 'fatal',
        location: '/Invoice[1]/LegalMonetaryTotal[1]',
        text: '[BR-CO-16]-Amount due & so on.',
      },
      {
        id: 'UBL-CR-001',
        flag: 'warning',
        location: '/Invoice[1]',
        text: '[UBL-CR-001]-A UBL invoice should not include extensions',
      },
    ]);
  });

  it('says why validation cannot run: no folder, or a folder without the artefacts', () => {
    expect(standardsAvailability({})).toMatchObject({
      available: false,
      reason: expect.stringMatching(/not set/),
    });
    expect(standardsAvailability({ TESSERA_STANDARDS_DIR: '/nonexistent' })).toMatchObject({
      available: false,
      reason: expect.stringMatching(/UBL-Invoice-2\.1\.xsd is missing/),
    });
  });
});

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { decodeEntities, parseXml, readTree, XmlRefused, type XmlNode } from '../../connectors/plesk/xml';
import { generateEstate } from '../../simulators/plesk/estate';

/**
 * The connector reads Plesk packets with its own reader (connectors/plesk/xml.ts, readTree: a
 * scan with indexOf, several times cheaper on a 100,000-account estate). It must read every
 * packet as fast-xml-parser did before it, configured as the connector had it: that parser is
 * the reference here. Text beside child elements (the indentation between them) is dropped by
 * readTree; fast-xml-parser kept it as "#text", which no reader looked at.
 */
const reference = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  isArray: () => true,
  jPath: false,
  tagValueProcessor: (_name, value) => decodeEntities(value),
});

function withoutText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutText);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '#text')
        .map(([key, v]) => [key, withoutText(v)]),
    );
  return value;
}

const expectSameAsReference = (xml: string) => expect(readTree(xml)).toEqual(withoutText(reference.parse(xml)));

const EDGES = [
  '<?xml version="1.0" encoding="UTF-8"?>\n<packet version="1.6.9.1">\n  <a>\n    <b>x</b>\n    <b> y </b>\n  </a>\n</packet>\n',
  '<packet><a></a><b/><c>   </c><d><![CDATA[<hi> & ]]></d><e>a&amp;b</e><!-- c --><f>1<!-- x -->2</f><g attr="1">t</g></packet>',
  '<packet><a><![CDATA[]]></a><b>&#65;&#x42;&lt;&gt;&quot;&apos;</b><c>\n</c></packet>',
  '<packet><a x="1>2" y=\'>\'>text</a><b  z="q" /><c/><ns:d>n</ns:d></packet>',
  '<packet><login>007</login><phone>+1 555 0100</phone><password> spaced pass </password><e>Ünïcødé ✓ 日本</e></packet>',
  '<?xml version="1.0"?><?other pi?><!-- before --><packet><r><status>ok</status><id>1</id><id>2</id></r></packet><!-- after -->\n',
];

describe('the Plesk XML reader', () => {
  it.each(EDGES.map((xml, i) => [i, xml]))('reads edge case %i as the reference parser does', (_i, xml) => expectSameAsReference(xml));

  it('reads a whole generated estate, rendered as Plesk packets, as the reference parser does', () => {
    const estate = generateEstate({ size: 300, seed: 11 });
    const esc = (t: unknown) =>
      String(t ?? '').replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
    const item = (record: object): string =>
      `<result><status>ok</status><data>${Object.entries(record)
        .map(([k, v]): string => (v && typeof v === 'object' ? `<${k}>${item(v as object)}</${k}>` : `<${k}>${esc(v)}</${k}>`))
        .join('\n')}</data></result>`;
    const xml = `<?xml version="1.0"?>\n<packet>\n<customer><get>${Object.values(estate)
      .filter(Array.isArray)
      .flat()
      .map((r) => item(r as object))
      .join('\n')}</get></customer></packet>`;
    expect(xml.length).toBeGreaterThan(50_000);
    expectSameAsReference(xml);
  });

  it('refuses what is no Plesk packet, before or while reading', () => {
    expect(() => parseXml('<!DOCTYPE x><packet/>')).toThrow(XmlRefused);
    expect(() => parseXml('<packet><a></packet>')).toThrow(/malformed/);
    expect(() => parseXml('just text')).toThrow(XmlRefused);
    expect(() => readTree('<packet><a>')).toThrow(XmlRefused);
    expect(() => readTree('text only')).toThrow(/malformed \(line 1, column 1: text outside the root element\)/);
    expect(() => readTree('<!-- nothing -->')).toThrow(/no root element/);
    expect(() => readTree('</packet>')).toThrow(/malformed/);
  });

  it.each([
    ['a closing tag that does not match', '<packet><a></b></packet>', 'line 1, column 12'],
    ['a closing tag that is a longer name', '<packet><a></ab></packet>', 'line 1, column 12'],
    ['two root elements', '<packet></packet><packet></packet>', 'line 1, column 18'],
    ['text after the root element', '<packet></packet>\ntail', 'line 2, column 1'],
    ['an unquoted attribute', '<packet version=1.6>x</packet>', 'line 1, column 17'],
    ['a repeated attribute', '<packet a="1" a="2"/>', 'line 1, column 15'],
    ['an attribute without a value', '<packet a/>', 'line 1, column 10'],
    ['a stray "&"', '<packet><a>fish & chips</a></packet>', 'line 1, column 17'],
    ['an unknown character reference', '<packet><a>&#xZZ;</a></packet>', 'line 1, column 12'],
    ['a tag name starting with a digit', '<packet><1a/></packet>', 'line 1, column 9'],
    ['a space after "<"', '<packet>< a/></packet>', 'line 1, column 9'],
    ['a closing tag with attributes', '<packet><a></a b="1"></packet>', 'line 1, column 12'],
    ['an element never closed', '<packet>\n<a>', 'line 2, column 4'],
    ['a tag never ended', '<packet><a', 'line 1, column 11'],
  ])('refuses %s, naming where, as the reference validator does', (_what, xml, where) => {
    expect(XMLValidator.validate(xml)).not.toBe(true);
    expect(() => readTree(xml)).toThrow(new RegExp(`malformed \\(${where}: `));
  });

  it.each([
    ['two root elements after a self-closed one', '<packet/><packet/>', 'line 1, column 10'],
    ['text after a self-closed root element', '<packet/>\ntail', 'line 2, column 1'],
    ['a "<" in an attribute value', '<packet a="<"/>', 'line 1, column 12'],
    ['an XML declaration after the start', '<packet><?xml version="1.0"?></packet>', 'line 1, column 9'],
    ['a broken XML declaration', '<?xml version=1.0"?><packet/>', 'line 1, column 15'],
    ['CDATA outside the root element', '<![CDATA[x]]><packet/>', 'line 1, column 1'],
    ['a broken comment', '<packet><!- x --></packet>', 'line 1, column 9'],
    ['a reference to an undeclared entity', '<packet><a>&nbsp;</a></packet>', 'line 1, column 12'],
  ])('refuses %s, which XML forbids and the reference validator let through', (_what, xml, where) => {
    expect(() => readTree(xml)).toThrow(new RegExp(`malformed \\(${where}: `));
  });

  it('refuses every broken copy of a packet that the reference refuses, and reads the others as the reference parser does', () => {
    // Seeded: the same 3,000 copies each run, each a valid packet with one character deleted,
    // inserted or replaced by one that matters to XML.
    const packet =
      '<?xml version="1.0"?>\n<packet version="1.6.9.1"><customer><get><result><status>ok</status><id>7</id>' +
      '<data><gen_info><pname>A &amp; B</pname><login>ab7</login><email/><phone> +1 555 </phone></gen_info></data>' +
      '</result></get></customer><!-- end --></packet>\n';
    let seed = 20261204;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const CHARACTERS = '<>/&;"\'=!?- a#';
    const stats = { refusedByBoth: 0, readByBoth: 0 };
    for (let n = 0; n < 3000; n += 1) {
      const at = random(packet.length);
      const c = CHARACTERS[random(CHARACTERS.length)]!;
      const how = random(3);
      const xml = packet.slice(0, at) + (how === 0 ? '' : c) + packet.slice(how === 1 ? at : at + 1);
      let ours: XmlNode | Error;
      try {
        ours = readTree(xml);
      } catch (error) {
        ours = error as Error;
      }
      let theirs: unknown;
      try {
        theirs = XMLValidator.validate(xml) === true ? withoutText(reference.parse(xml)) : undefined;
      } catch {
        // The reference validator let some broken XML declarations through; its parser refused them.
      }
      if (theirs === undefined) {
        expect(ours, xml).toBeInstanceOf(XmlRefused);
        stats.refusedByBoth += 1;
      } else if (!(ours instanceof Error)) {
        expect(ours, xml).toEqual(theirs);
        stats.readByBoth += 1;
      }
    }
    expect(stats.refusedByBoth).toBeGreaterThan(500);
    expect(stats.readByBoth).toBeGreaterThan(500);
  });

  it('reads CDATA as it is, where the reference parser decoded entities in it', () => {
    const node = parseXml('<packet><d><![CDATA[a &amp; <b>]]></d></packet>');
    expect((node.packet?.[0] as XmlNode).d).toEqual(['a &amp; <b>']);
  });

  it('keeps every repeated element, in order', () => {
    const node = parseXml('<packet><id>3</id><id>1</id><id>2</id></packet>');
    expect((node.packet?.[0] as XmlNode).id).toEqual(['3', '1', '2']);
  });
});

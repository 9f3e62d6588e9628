import { XMLParser } from 'fast-xml-parser';
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
    expect(() => readTree('text only')).toThrow(/no root element/);
    expect(() => readTree('</packet>')).toThrow(/malformed/);
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

/**
 * Hand-built XLSX files for the reader's tests: the parts written as given
 * (so a test can leave out what Excel writes, or declare what a bomb would),
 * zipped with Node's zlib. Test support only: files/ itself never uses Node.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface PartSpec {
  path: string;
  data: string | Uint8Array;
  /** Stored instead of deflated. */
  stored?: boolean;
  /** Uncompressed size written in the zip directory (a lie, for bomb tests). */
  declaredSize?: number;
}

export function zip(parts: PartSpec[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const raw = typeof p.data === 'string' ? Buffer.from(p.data, 'utf8') : Buffer.from(p.data);
    const body = p.stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(p.path, 'utf8');
    const crc = crc32(raw);
    const size = p.declaredSize ?? raw.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(p.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, body);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(p.stored ? 0 : 8, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, dirBytes, end]));
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface SheetSpec {
  name: string;
  state?: 'hidden' | 'veryHidden';
  /** The inside of <sheetData>. */
  rows: string;
  /** Extra XML before <sheetData> (a <dimension>). */
  head?: string;
  declaredSize?: number;
}

/** A workbook of the given sheets (their <sheetData> written by hand), shared strings and styles optional. */
export function workbook(
  sheets: SheetSpec[],
  options: { sharedStrings?: string[]; styles?: string; date1904?: boolean } = {},
): Uint8Array {
  const parts: PartSpec[] = [
    {
      path: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      path: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${R}">${options.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets
        .map(
          (s, i) =>
            `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
        )
        .join('')}</sheets></workbook>`,
    },
    {
      path: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join(
          '',
        )}<Relationship Id="rS" Type="${R}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rT" Type="${R}/styles" Target="styles.xml"/></Relationships>`,
    },
  ];
  sheets.forEach((s, i) =>
    parts.push({
      path: `xl/worksheets/sheet${i + 1}.xml`,
      data: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}">${s.head ?? ''}<sheetData>${s.rows}</sheetData></worksheet>`,
      declaredSize: s.declaredSize,
    }),
  );
  if (options.sharedStrings) {
    parts.push({
      path: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}">${options.sharedStrings
        .map((t) => `<si><t xml:space="preserve">${t}</t></si>`)
        .join('')}</sst>`,
    });
  }
  if (options.styles) parts.push({ path: 'xl/styles.xml', data: options.styles });
  return zip(parts);
}

/** Inline-string and number cells of one row, without `r` attributes. */
export function plainRow(cells: (string | number)[]): string {
  return `<row>${cells
    .map((c) =>
      typeof c === 'number'
        ? `<c><v>${c}</v></c>`
        : `<c t="inlineStr"><is><t>${c.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></is></c>`,
    )
    .join('')}</row>`;
}

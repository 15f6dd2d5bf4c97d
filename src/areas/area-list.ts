/**
 * Administrative areas as reference data: one province's districts and their wards with the official
 * codes of the General Statistics Office (GSO). Pure: a list is built from a JSON file's content.
 */
export interface Ward {
  /** the GSO code, 5 digits */
  code: string;
  /** the name as in the official list, without its kind (`Dịch Vọng`, not `Phường Dịch Vọng`) */
  name: string;
  /** phường, xã, thị trấn */
  type: string;
}

export interface District {
  /** the GSO code, 3 digits */
  code: string;
  name: string;
  /** quận, huyện, thị xã */
  type: string;
  wards: Ward[];
}

export interface AreaFile {
  source: string;
  province: { code: string; name: string };
  districts: District[];
}

/** The kinds a name may be written with; a bare name is the key, as CONTRACT.md's examples. */
const KINDS: Record<string, string> = {
  'thị trấn': 'Thị trấn',
  phường: 'Phường',
  xã: 'Xã',
};

export class AreaList {
  private readonly byName = new Map<string, { district: District; wards: Map<string, Ward> }>();

  constructor(readonly file: AreaFile) {
    for (const district of file.districts) {
      const counts = new Map<string, number>();
      for (const w of district.wards) counts.set(w.name, (counts.get(w.name) ?? 0) + 1);
      const wards = new Map<string, Ward>();
      for (const w of district.wards) {
        // Two units of one district may share a name (Gia Lâm: thị trấn and xã Yên Viên):
        // those two are named with their kind, as the official list writes them.
        const name = (counts.get(w.name) ?? 0) > 1 ? `${KINDS[w.type] ?? w.type} ${w.name}` : w.name;
        wards.set(name, { ...w, name });
      }
      this.byName.set(district.name, { district: { ...district, wards: [...wards.values()] }, wards });
    }
  }

  /** Builds a list from parsed JSON, or throws naming what is wrong with it. */
  static parse(raw: unknown, origin: string): AreaList {
    const bad = (what: string) => new Error(`${origin}: ${what}`);
    const f = raw as Partial<AreaFile>;
    if (!f || typeof f !== 'object' || !Array.isArray(f.districts) || f.districts.length === 0)
      throw bad('expected { source, province, districts: [...] } with at least one district');
    if (typeof f.source !== 'string' || !f.source) throw bad('source must name where the list comes from');
    const names = new Set<string>();
    for (const d of f.districts) {
      if (typeof d?.name !== 'string' || typeof d.code !== 'string' || !Array.isArray(d.wards))
        throw bad('every district needs code, name and wards');
      if (names.has(d.name)) throw bad(`district ${d.name} is listed twice`);
      names.add(d.name);
      for (const w of d.wards)
        if (typeof w?.name !== 'string' || typeof w.code !== 'string' || typeof w.type !== 'string')
          throw bad(`every ward of ${d.name} needs code, name and type`);
    }
    return new AreaList({
      source: f.source,
      province: f.province ?? { code: '', name: '' },
      districts: f.districts,
    });
  }

  get districts(): District[] {
    return [...this.byName.values()].map((d) => d.district);
  }

  isDistrict(name: string): boolean {
    return this.byName.has(name);
  }

  isWardOf(district: string, ward: string): boolean {
    return this.byName.get(district)?.wards.has(ward) ?? false;
  }

  /**
   * The problems of a district and optional ward, each naming its field, for a 400; empty when both
   * are in the list. `prefix` names the object holding them (`forward.district`).
   */
  problems(district: string | undefined, ward: string | null | undefined, prefix = ''): string[] {
    if (district === undefined) return [];
    if (!this.isDistrict(district))
      return [
        `${prefix}district "${district}" is not a district of ${this.file.province.name} in the official list`,
      ];
    if (ward != null && !this.isWardOf(district, ward))
      return [`${prefix}ward "${ward}" is not a ward of ${district} in the official list`];
    return [];
  }
}

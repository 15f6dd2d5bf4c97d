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

/** The five tone marks (NFD) of Vietnamese; the other marks (circumflex, breve, horn) stay in place. */
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * A lookup key that does not depend on where the tone mark sits (`Hoà` as the GSO list writes it,
 * `Hòa` as most people type it) nor on Unicode composition: each syllable's tone moves to its end.
 */
export function areaKey(name: string): string {
  return name
    .normalize('NFD')
    .trim()
    .split(/\s+/)
    .map((syllable) => syllable.replace(TONES, '') + (syllable.match(TONES) ?? []).join(''))
    .join(' ')
    .normalize('NFC');
}

export interface ResolvedArea {
  /** the names as in the list (what is stored), when the list has them */
  district?: string;
  ward?: string | null;
  /** each naming its field; empty when both are in the list */
  problems: string[];
}

export class AreaList {
  private readonly byName = new Map<string, { district: District; wards: Map<string, Ward> }>();
  /** keys of the names callers asked for lately: an intake sends the same few districts and wards all day (issue 13) */
  private readonly asked = new Map<string, string>();

  constructor(readonly file: AreaFile) {
    for (const district of file.districts) {
      const counts = new Map<string, number>();
      for (const w of district.wards) counts.set(w.name, (counts.get(w.name) ?? 0) + 1);
      const wards = new Map<string, Ward>();
      for (const w of district.wards) {
        // Two units of one district may share a name (Gia Lâm: thị trấn and xã Yên Viên):
        // those two are named with their kind, as the official list writes them.
        const name = (counts.get(w.name) ?? 0) > 1 ? `${KINDS[w.type] ?? w.type} ${w.name}` : w.name;
        wards.set(areaKey(name), { ...w, name });
      }
      this.byName.set(areaKey(district.name), {
        district: { ...district, wards: [...wards.values()] },
        wards,
      });
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
    return this.byName.has(this.keyOf(name));
  }

  isWardOf(district: string, ward: string): boolean {
    return this.byName.get(this.keyOf(district))?.wards.has(this.keyOf(ward)) ?? false;
  }

  private keyOf(name: string): string {
    let key = this.asked.get(name);
    if (key === undefined) {
      key = areaKey(name);
      if (this.asked.size >= 1024) this.asked.clear();
      this.asked.set(name, key);
    }
    return key;
  }

  /**
   * A district and optional ward as the list names them (tone placement aside), or the problems,
   * each naming its field, for a 400. `prefix` names the object holding them (`forward.`).
   */
  resolve(district: string, ward?: string | null, prefix = ''): ResolvedArea {
    const found = this.byName.get(this.keyOf(district));
    if (!found)
      return {
        problems: [
          `${prefix}district "${district}" is not a district of ${this.file.province.name} in the official list (GET /api/areas)`,
        ],
      };
    if (ward == null) return { district: found.district.name, ward: ward ?? undefined, problems: [] };
    const w = found.wards.get(this.keyOf(ward));
    if (!w)
      return {
        problems: [
          `${prefix}ward "${ward}" is not a ward of ${found.district.name} in the official list (GET /api/areas)`,
        ],
      };
    return { district: found.district.name, ward: w.name, problems: [] };
  }
}

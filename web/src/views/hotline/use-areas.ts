import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Areas, type District, get } from '../../api';

/** The official districts and wards (GET /api/areas), read once per page. */
export function useAreas(): {
  districts: District[];
  districtNames: string[];
  wardsOf: (district: string) => string[];
  error: boolean;
} {
  const [districts, setDistricts] = useState<District[]>([]);
  const [error, setError] = useState(false);
  useEffect(() => {
    get<Areas>('/api/areas').then(
      (a) => setDistricts(a.districts),
      () => setError(true),
    );
  }, []);
  return useMemo(() => {
    const byName = new Map(districts.map((d) => [d.name, d.wards.map((w) => w.name)]));
    return {
      districts,
      districtNames: districts.map((d) => d.name),
      wardsOf: (district: string) => byName.get(district) ?? [],
      error,
    };
  }, [districts, error]);
}

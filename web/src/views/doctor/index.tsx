import { useEffect, useState } from 'preact/hooks';
import { get, type Doctor } from '../../api';
import { useApp } from '../../context';
import { ConsultPanel } from './consult-panel';
import { ShiftsPanel } from './shifts-panel';
import { AvailabilityGrid } from './availability-grid';
import { FollowUpsPanel } from './follow-ups-panel';
import { DoctorCover } from '../cover/doctor-cover';

export function DoctorView() {
  const { user } = useApp();
  const doctorId = user.doctorId!;
  const [doctor, setDoctor] = useState<Doctor | null>(null);
  useEffect(() => {
    get<Doctor>(`/api/doctors/${doctorId}`).then(setDoctor, () => setDoctor(null));
  }, [doctorId]);
  return (
    <div class="doctor-layout">
      <ConsultPanel />
      <ShiftsPanel doctorId={doctorId} />
      {/* patients are assigned to active care doctors; a consult doctor's page stays short */}
      {doctor?.group === 'active_care' ? <FollowUpsPanel doctorId={doctorId} /> : null}
      <DoctorCover doctorId={doctorId} />
      {doctor ? <AvailabilityGrid doctor={doctor} /> : null}
    </div>
  );
}

/** Presence switch, the incoming offer card and the accepted consult: the part of the page that matters during a window. */

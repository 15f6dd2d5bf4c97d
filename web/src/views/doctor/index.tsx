import { useEffect, useState } from 'preact/hooks';
import { get, type Doctor } from '../../api';
import { useApp } from '../../context';
import { ConsultPanel } from './consult-panel';
import { ShiftsPanel } from './shifts-panel';
import { AvailabilityGrid } from './availability-grid';
import { FollowUpsPanel } from './follow-ups-panel';
import { DoctorCover } from '../cover/doctor-cover';
import './doctor.css';

export function DoctorView() {
  const { t, user } = useApp();
  const doctorId = user.doctorId!;
  const [doctor, setDoctor] = useState<Doctor | null>(null);
  useEffect(() => {
    get<Doctor>(`/api/doctors/${doctorId}`).then(setDoctor, () => setDoctor(null));
  }, [doctorId]);
  return (
    <div class="doctor-layout">
      {/* the view's heading under the page's one h1 (the top bar), for screen readers' outline */}
      <h2 class="visually-hidden">{t('doc.page')}</h2>
      <ConsultPanel />
      <ShiftsPanel doctorId={doctorId} />
      {/* patients are assigned to active care doctors; a consult doctor's page stays short */}
      {doctor?.group === 'active_care' ? <FollowUpsPanel doctorId={doctorId} /> : null}
      <DoctorCover doctorId={doctorId} />
      {doctor ? <AvailabilityGrid doctor={doctor} /> : null}
    </div>
  );
}

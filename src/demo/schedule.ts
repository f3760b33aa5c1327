import type { Enso } from '../app.ts';
import type { Ctx } from '../kernel/ctx.ts';
import { addDays, localDateOf, type LocalDate } from '../kernel/time.ts';
import type { CreateSeries, CreateTemplate } from '../modules/schedule/index.ts';

/**
 * The demo studio's timetable: the classes a small yoga and pilates studio runs every week in
 * Paris, a Saturday class in Montréal (another zone), an online meditation, and one of each
 * other event type — a workshop, a 21-day challenge, a winter semester, a retreat and a
 * private class. Dates count from the day of the seed, so the schedule always has the current week full.
 */
export async function seedSchedule(enso: Enso, ctx: Ctx): Promise<void> {
  const { classTemplates, teachers, schedule, studios } = enso.services;
  const today = localDateOf(ctx.clock.now(), 'Europe/Paris');
  const day = (n: number): LocalDate => addDays(today, n);
  // Weekly classes began a week ago: the calendar's current week is full, and past classes exist.
  const lastWeek = day(-7);

  const locations = await studios.listLocations(ctx);
  const marais = locations.find((l) => l.timeZone === 'Europe/Paris')!;
  const montreal = locations.find((l) => l.timeZone === 'America/Toronto')!;
  const rooms = [...(await studios.listRooms(ctx, marais.id)), ...(await studios.listRooms(ctx, montreal.id))];
  const room = (name: string) => rooms.find((r) => r.name === name)!.id;
  const staff = await teachers.listTeachers(ctx);
  const teacher = (firstName: string) => staff.find((t) => t.firstName === firstName)!.userId;

  await teachers.updateTeacher(ctx, teacher('Inès'), {
    bio: 'Inès enseigne le vinyasa et le pilates depuis 2014. Formée à Mysore et à Londres, elle aime les séquences fluides et précises, accessibles à tous les niveaux.',
  });
  await teachers.updateTeacher(ctx, teacher('Tom'), {
    bio: 'Tom teaches yin and vinyasa in Paris and Montréal. A former climber, he brings patience, breath work and a good sense of humour to every class.',
  });

  // The mats of Salle Soleil, four rows of five, with the door and the mirror to find one's way.
  const soleilCells = [
    ...Array.from({ length: 20 }, (_, i) => ({ row: 1 + Math.floor(i / 5), column: 1 + (i % 5), kind: 'spot' as const, label: String(i + 1) })),
    { row: 5, column: 1, kind: 'landmark' as const, label: 'Porte' },
    { row: 5, column: 5, kind: 'landmark' as const, label: 'Miroir' },
  ];
  await studios.setSpotMap(ctx, room('Salle Soleil'), { rows: 5, columns: 5, cells: soleilCells });

  const template = (input: CreateTemplate) => classTemplates.createTemplate(ctx, input);
  const vinyasa = await template({
    name: 'Vinyasa Flow',
    description: 'Un enchaînement dynamique de postures rythmé par la respiration.\n\nTous niveaux : des variantes sont proposées pour chaque posture.',
    welcomeMessage: 'Bienvenue ! Arrivez dix minutes avant le cours ; les tapis sont fournis.',
    category: 'Yoga',
    defaultDurationMin: 60,
    defaultCapacity: 20,
    priceMinor: 1800,
    color: '#e8590c',
  });
  const yin = await template({
    name: 'Yin Yoga',
    description: 'Des postures tenues longtemps, au sol, pour relâcher les tissus profonds et calmer le mental.',
    category: 'Yoga',
    defaultDurationMin: 75,
    defaultCapacity: 12,
    priceMinor: 1800,
    color: '#7048e8',
  });
  const pilates = await template({
    name: 'Pilates Mat',
    description: 'Renforcement du centre, mobilité et posture, au tapis.',
    category: 'Pilates',
    defaultDurationMin: 55,
    defaultCapacity: 12,
    priceMinor: 2200,
    color: '#1c7ed6',
  });
  const kids = await template({
    name: 'Yoga Enfants',
    description: 'Postures, jeux et relaxation pour les 6–10 ans.',
    category: 'Enfants',
    defaultDurationMin: 45,
    defaultCapacity: 10,
    priceMinor: 1200,
    color: '#2f9e44',
  });
  const meditation = await template({
    name: 'Méditation guidée',
    description: 'Trente minutes de méditation guidée, en ligne, pour bien commencer le dimanche.',
    category: 'Méditation',
    defaultDurationMin: 30,
    defaultCapacity: 50,
    priceMinor: 800,
    color: '#0c8599',
  });
  const inversions = await template({
    name: 'Atelier Inversions',
    description: 'Deux heures pour apprivoiser le poirier et la chandelle en sécurité.',
    category: 'Atelier',
    defaultDurationMin: 120,
    defaultCapacity: 16,
    priceMinor: 4500,
    color: '#c2255c',
  });
  const challenge = await template({
    name: 'Défi 21 jours',
    description: 'Trois rendez-vous pour installer une pratique quotidienne ; une inscription couvre toutes les dates.',
    category: 'Défi',
    defaultDurationMin: 60,
    defaultCapacity: 20,
    priceMinor: 6000,
    color: '#f08c00',
  });
  const retreat = await template({
    name: 'Retraite en Provence',
    description: 'Trois jours de yoga, de marche et de cuisine végétarienne dans le Luberon.',
    category: 'Retraite',
    defaultDurationMin: 60,
    defaultCapacity: 14,
    priceMinor: 54000,
    color: '#5c940d',
  });
  const privateClass = await template({
    name: 'Cours particulier',
    description: 'Une heure avec un·e enseignant·e, adaptée à vos besoins.',
    category: 'Privé',
    defaultDurationMin: 60,
    defaultCapacity: 1,
    priceMinor: 8000,
    color: '#495057',
  });

  const series = (input: CreateSeries) => schedule.createSeries(ctx, { confirmConflicts: true, ...input });
  const inMarais = (roomName: string) => ({ locationId: marais.id, roomId: room(roomName) });
  await series({ templateId: vinyasa.id, pattern: 'weekly', weekdays: [1, 3, 5], startTimes: ['18:30'], startDate: lastWeek, weeksAhead: 8, teacherId: teacher('Inès'), ...inMarais('Salle Soleil'), spotSelection: true, salesCutoffMin: 30 });
  await series({ templateId: vinyasa.id, pattern: 'weekly', weekdays: [2, 4], startTimes: ['07:15'], startDate: lastWeek, weeksAhead: 8, teacherId: teacher('Tom'), ...inMarais('Salle Soleil'), bookingWindowDays: 14 });
  await series({ templateId: yin.id, pattern: 'weekly', weekdays: [2, 4], startTimes: ['19:30'], startDate: lastWeek, weeksAhead: 8, teacherId: teacher('Tom'), ...inMarais('Salle Lune') });
  await series({ templateId: pilates.id, pattern: 'weekly', weekdays: [2, 4], startTimes: ['12:15'], startDate: lastWeek, weeksAhead: 8, teacherId: teacher('Inès'), ...inMarais('Salle Lune') });
  await series({ templateId: kids.id, pattern: 'weekly', weekdays: [3], startTimes: ['14:00'], startDate: lastWeek, weeksAhead: 8, teacherId: teacher('Inès'), ...inMarais('Salle Lune'), allowChildren: true });
  await series({ templateId: vinyasa.id, pattern: 'weekly', weekdays: [6], startTimes: ['10:00'], startDate: lastWeek, weeksAhead: 8, teacherId: teacher('Tom'), locationId: montreal.id, roomId: rooms.find((r) => r.locationId === montreal.id)!.id });
  await series({ templateId: meditation.id, pattern: 'weekly', weekdays: [7], startTimes: ['09:00'], startDate: lastWeek, weeksAhead: 8, teacherId: teacher('Inès'), online: true, videoProvider: 'none', videoUrl: 'https://meet.jit.si/studio-lumiere-meditation' });
  // A semester is sold whole: its price is the series'.
  await series({ templateId: pilates.id, kind: 'semester', pattern: 'weekly', weekdays: [1], startTimes: ['10:00'], startDate: day(7), endDate: day(7 * 12), priceMinor: 19_800, teacherId: teacher('Inès'), ...inMarais('Salle Lune') });
  await series({ templateId: inversions.id, kind: 'workshop', pattern: 'dates', dates: [{ date: day(10), startTime: '14:00' }], teacherId: teacher('Inès'), ...inMarais('Salle Soleil') });
  await series({
    templateId: challenge.id,
    kind: 'course',
    pattern: 'dates',
    dates: [
      { date: day(3), startTime: '08:00' },
      { date: day(12), startTime: '08:00' },
      { date: day(23), startTime: '08:00' },
    ],
    teacherId: teacher('Tom'),
    ...inMarais('Salle Soleil'),
  });
  await series({
    templateId: retreat.id,
    kind: 'retreat',
    pattern: 'dates',
    dates: [{ date: day(40), startTime: '16:00', endDate: day(43), endTime: '11:00' }],
    teacherId: teacher('Inès'),
    locationId: marais.id,
  });
  await series({ templateId: privateClass.id, kind: 'private', visibility: 'link', pattern: 'dates', dates: [{ date: day(2), startTime: '11:00' }], teacherId: teacher('Tom'), ...inMarais('Salle Lune') });
}

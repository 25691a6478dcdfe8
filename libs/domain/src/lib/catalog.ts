import { type Exercise } from './exercise';
import { type Schedule } from './schedule';

/** Warm-ups and stretches: once a day, five days a week (REFERENCE.md dosage conventions). */
const FIVE_A_WEEK: Schedule = { timesPerWeek: 5, timesPerDay: 1 };
/** Strength work needs rest days; three a week is a modest, editable start. */
const THREE_A_WEEK: Schedule = { timesPerWeek: 3, timesPerDay: 1 };
/** Posture habits belong to the working week, at the desk. */
const WORKDAYS: Schedule = { daysOfWeek: [1, 2, 3, 4, 5], timesPerDay: 1 };
const WORKDAYS_TWICE: Schedule = { daysOfWeek: [1, 2, 3, 4, 5], timesPerDay: 2 };

const STOP_IF_PAIN_SPREADS =
  'Stop and tell your therapist if pain spreads down a leg or you feel tingling or numbness.';
const STRETCH_NOT_PAIN = 'Stretch to a gentle pull, never to sharp pain; do not bounce.';
const KEEP_BREATHING = 'Breathe steadily; do not hold your breath.';

/**
 * The built-in, read-only exercise library. Ids are stable slugs: plans and templates refer
 * to them, so an id is never renamed or reused. Texts are written for patients.
 */
export const EXERCISE_CATALOG: readonly Exercise[] = [
  // Dynamic warm-up: before static stretching.
  {
    id: 'leg-swings',
    name: 'Leg swings',
    category: 'dynamic_stretch',
    regions: ['hamstrings', 'hip_flexors', 'hips'],
    instructions: [
      'Stand side-on to a wall or chair and rest one hand on it.',
      'Stand tall on the inside leg with a soft knee.',
      'Swing the outside leg forwards and backwards like a pendulum, keeping your trunk still.',
      'Start small and let the swing grow as the leg loosens.',
      'Finish the set, turn around and repeat with the other leg.',
    ],
    cautions: [
      'Keep the swing controlled; do not kick up hard.',
      'Hold on firmly if your balance is unsteady.',
    ],
    defaultDosage: { sets: 2, reps: 10, restSeconds: 15, side: 'both' },
    defaultSchedule: FIVE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'high-knees',
    name: 'High knees',
    category: 'dynamic_stretch',
    regions: ['hip_flexors', 'quadriceps', 'core'],
    instructions: [
      'Stand tall with your feet hip-width apart.',
      'March on the spot, lifting one knee towards hip height.',
      'Lower it and lift the other knee, swinging your arms in rhythm.',
      'Speed up to a light jog on the spot once you feel warm.',
    ],
    cautions: [
      'March instead of jogging if jumping hurts your back, knees or ankles.',
      'Use a clear, non-slip floor.',
    ],
    defaultDosage: { sets: 2, reps: 20, restSeconds: 30, side: 'alternate' },
    defaultSchedule: FIVE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'walking-lunges',
    name: 'Walking lunges',
    category: 'dynamic_stretch',
    regions: ['quadriceps', 'glutes', 'hip_flexors', 'hamstrings'],
    instructions: [
      'Stand tall with your hands on your hips.',
      'Take a long step forwards and bend both knees until the back knee is just above the floor.',
      'Keep the front knee over the ankle and your trunk upright.',
      'Push through the front heel and step the back foot through into the next lunge.',
      'Continue, alternating legs.',
    ],
    cautions: [
      'Make the steps shorter and shallower if a knee hurts.',
      'Keep your back upright rather than leaning forwards.',
    ],
    defaultDosage: { sets: 2, reps: 8, restSeconds: 30, side: 'alternate' },
    defaultSchedule: FIVE_A_WEEK,
    builtIn: true,
  },
  // Static stretches: 30 s holds, about three per leg (Bandy et al. 1997).
  {
    id: 'standing-toe-touch',
    name: 'Standing toe touch',
    category: 'static_stretch',
    regions: ['hamstrings', 'lower_back'],
    instructions: [
      'Stand with your feet hip-width apart and knees soft.',
      'Hinge forwards at the hips and let your arms hang towards your toes.',
      'Stop where you feel a gentle pull behind the thighs and hold still.',
      'Roll up slowly, one vertebra at a time, with your head coming up last.',
    ],
    cautions: [
      STRETCH_NOT_PAIN,
      'Skip this one if bending forwards brings on leg pain; use the strap stretch instead.',
    ],
    defaultDosage: { sets: 3, holdSeconds: 30, restSeconds: 15 },
    defaultSchedule: FIVE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'seated-forward-bend',
    name: 'Seated forward bend',
    category: 'static_stretch',
    regions: ['hamstrings', 'lower_back', 'calves'],
    instructions: [
      'Sit on the floor with both legs straight out in front, toes pointing up.',
      'Sit tall, then hinge forwards from the hips, sliding your hands down your legs.',
      'Keep your back long rather than rounding it.',
      'Hold where you feel a gentle pull behind the thighs, breathing slowly.',
      'Walk your hands back up to sit tall again.',
    ],
    cautions: [STRETCH_NOT_PAIN, 'Sit on a folded towel if your back rounds a lot.'],
    defaultDosage: { sets: 3, holdSeconds: 30, restSeconds: 15 },
    defaultSchedule: FIVE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'supine-hamstring-strap',
    name: 'Supine hamstring stretch with strap',
    category: 'static_stretch',
    regions: ['hamstrings'],
    instructions: [
      'Lie on your back with both legs straight, or with one knee bent and the foot flat.',
      'Loop a strap, belt or towel around the ball of one foot.',
      'Keeping that knee straight, pull the leg up with the strap until you feel a gentle pull behind the thigh.',
      'Keep your head, shoulders and the other leg relaxed on the floor, and hold.',
      'Lower the leg slowly and repeat; then change legs.',
    ],
    cautions: [STRETCH_NOT_PAIN, STOP_IF_PAIN_SPREADS],
    defaultDosage: { sets: 3, holdSeconds: 30, restSeconds: 15, side: 'both' },
    defaultSchedule: FIVE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'standing-hamstring-step',
    name: 'Standing hamstring stretch on a step',
    category: 'static_stretch',
    regions: ['hamstrings', 'calves'],
    instructions: [
      'Stand facing a low step or stair, holding a rail or wall for balance.',
      'Rest one heel on the step with that knee straight and the toes pointing up.',
      'Keep your back straight and hinge forwards slightly from the hips.',
      'Hold where you feel a gentle pull behind the thigh, then change legs.',
    ],
    cautions: [STRETCH_NOT_PAIN, 'Use a lower step if you cannot keep your back straight.'],
    defaultDosage: { sets: 3, holdSeconds: 30, restSeconds: 15, side: 'both' },
    defaultSchedule: FIVE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'figure-four-piriformis',
    name: 'Figure-four (piriformis) stretch',
    category: 'static_stretch',
    regions: ['glutes', 'hips'],
    instructions: [
      'Lie on your back with both knees bent and feet flat.',
      'Cross one ankle over the opposite knee so the legs make a figure four.',
      'Hold the back of the lower thigh and draw it gently towards your chest.',
      'Hold where you feel the stretch deep in the buttock, then change sides.',
    ],
    cautions: [
      STRETCH_NOT_PAIN,
      'Ease off if you feel pinching at the front of the hip or pain in the knee.',
    ],
    defaultDosage: { sets: 3, holdSeconds: 30, restSeconds: 15, side: 'both' },
    defaultSchedule: FIVE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'kneeling-hip-flexor',
    name: 'Kneeling hip-flexor stretch',
    category: 'static_stretch',
    regions: ['hip_flexors', 'quadriceps'],
    instructions: [
      'Kneel on one knee on a cushion, with the other foot flat in front.',
      'Tuck your tailbone under slightly so your lower back does not arch.',
      'Shift your weight forwards until you feel a stretch at the front of the kneeling hip.',
      'Hold, keeping your trunk upright, then change sides.',
    ],
    cautions: ['Pad the kneeling knee well.', 'Do not let your lower back sag into an arch.'],
    defaultDosage: { sets: 3, holdSeconds: 30, restSeconds: 15, side: 'both' },
    defaultSchedule: FIVE_A_WEEK,
    builtIn: true,
  },
  // Yoga and Pilates.
  {
    id: 'cat-cow',
    name: 'Cat–cow',
    category: 'yoga_pilates',
    regions: ['lower_back', 'upper_back', 'neck'],
    instructions: [
      'Start on hands and knees, hands under shoulders and knees under hips.',
      'Breathing in, let your belly sink and lift your chest and tailbone (cow).',
      'Breathing out, round your back towards the ceiling and tuck your chin and tailbone (cat).',
      'Move slowly between the two, one breath for each.',
    ],
    cautions: [
      'Move only within a comfortable range.',
      'Put a folded towel under your knees if they ache.',
    ],
    defaultDosage: { sets: 2, reps: 10, restSeconds: 15 },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'childs-pose',
    name: "Child's pose",
    category: 'yoga_pilates',
    regions: ['lower_back', 'hips', 'shoulders'],
    instructions: [
      'Kneel with your big toes together and knees apart.',
      'Sit back towards your heels.',
      'Walk your hands forwards and rest your forehead on the floor or a cushion.',
      'Let your back relax and breathe into it, then walk your hands back to come up.',
    ],
    cautions: [
      'Put a cushion between your heels and buttocks if your knees are uncomfortable.',
      KEEP_BREATHING,
    ],
    defaultDosage: { sets: 3, holdSeconds: 30, restSeconds: 15 },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'downward-dog',
    name: 'Downward dog',
    category: 'yoga_pilates',
    regions: ['hamstrings', 'calves', 'shoulders'],
    instructions: [
      'Start on hands and knees with your toes tucked under.',
      'Lift your knees and push your hips up and back into an upside-down V.',
      'Keep your knees bent at first and lengthen your back.',
      'Press your heels towards the floor, straightening the knees only as far as is comfortable, and hold.',
      'Lower your knees to the floor to come out.',
    ],
    cautions: [
      'Skip it if you have uncontrolled high blood pressure or feel dizzy with your head down.',
      'Keep the knees bent rather than rounding your back.',
    ],
    defaultDosage: { sets: 3, holdSeconds: 20, restSeconds: 20 },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'pilates-roll-down',
    name: 'Pilates roll-down',
    category: 'yoga_pilates',
    regions: ['lower_back', 'hamstrings', 'core'],
    instructions: [
      'Stand with your back against a wall, feet a small step away from it and knees soft.',
      'Nod your chin and slowly peel your spine away from the wall, one segment at a time.',
      'Let your arms hang and go only as far as feels controlled.',
      'Draw your navel in and roll back up the same way, head last.',
    ],
    cautions: ['Move slowly and stop above any point where pain begins.', STOP_IF_PAIN_SPREADS],
    defaultDosage: { sets: 2, reps: 6, restSeconds: 20 },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'spine-twist',
    name: 'Spine twist',
    category: 'yoga_pilates',
    regions: ['upper_back', 'lower_back', 'core'],
    instructions: [
      'Sit tall on a chair or the floor with your arms crossed over your chest.',
      'Breathing out, turn your upper body to one side, keeping your hips facing forwards.',
      'Breathing in, come back to the centre.',
      'Turn to the other side and keep alternating.',
    ],
    cautions: [
      'Turn only as far as is comfortable; do not force the last bit.',
      'Keep growing tall rather than slumping as you turn.',
    ],
    defaultDosage: { sets: 2, reps: 8, restSeconds: 15, side: 'alternate' },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  // Core strengthening: no guideline-grade dosage exists, so these are modest, editable starts.
  {
    id: 'plank',
    name: 'Plank',
    category: 'core_strength',
    regions: ['core', 'shoulders'],
    instructions: [
      'Lie face down and prop yourself on your forearms, elbows under shoulders.',
      'Tighten your stomach and buttocks and lift your body so it forms a straight line from head to heels.',
      'Hold, looking at the floor and breathing steadily.',
      'Lower down gently.',
    ],
    cautions: [
      'Rest your knees on the floor to make it easier.',
      'Stop if your back sags or starts to ache.',
      KEEP_BREATHING,
    ],
    defaultDosage: { sets: 3, holdSeconds: 15, restSeconds: 30 },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'side-plank',
    name: 'Side plank',
    category: 'core_strength',
    regions: ['core', 'hips', 'shoulders'],
    instructions: [
      'Lie on your side propped on one forearm, elbow under the shoulder, knees bent.',
      'Lift your hips so your body is straight from head to knees.',
      'Hold without letting the hips drop or roll.',
      'Lower, then repeat on the other side.',
      'When it gets easy, straighten your legs and balance on your feet.',
    ],
    cautions: ['Avoid it if your shoulder hurts when you lean on it.', KEEP_BREATHING],
    defaultDosage: { sets: 3, holdSeconds: 10, restSeconds: 30, side: 'both' },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'glute-bridge',
    name: 'Glute bridge',
    category: 'core_strength',
    regions: ['glutes', 'hamstrings', 'core'],
    instructions: [
      'Lie on your back with knees bent, feet flat and hip-width apart.',
      'Tighten your stomach and squeeze your buttocks.',
      'Lift your hips until your body is straight from shoulders to knees.',
      'Pause, then lower slowly.',
    ],
    cautions: [
      'Lift with your buttocks, not by arching your lower back.',
      'Cramp behind the thigh means your feet are too far away: bring them closer.',
    ],
    defaultDosage: { sets: 2, reps: 10, restSeconds: 30 },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'pelvic-tilt',
    name: 'Pelvic tilt',
    category: 'core_strength',
    regions: ['lower_back', 'core'],
    instructions: [
      'Lie on your back with knees bent and feet flat.',
      'Tighten your lower stomach and gently flatten your lower back into the floor by tilting your pelvis.',
      'Hold, breathing normally.',
      'Relax back to the start.',
    ],
    cautions: ['Keep it small and gentle; it is a control exercise, not a crunch.', KEEP_BREATHING],
    defaultDosage: { sets: 2, reps: 10, holdSeconds: 5, restSeconds: 20 },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'bird-dog',
    name: 'Bird-dog',
    category: 'core_strength',
    regions: ['core', 'lower_back', 'glutes'],
    instructions: [
      'Start on hands and knees with a flat back.',
      'Tighten your stomach, then reach one arm forwards and the opposite leg back.',
      'Keep your hips level and your back still; hold briefly.',
      'Return to the start and switch to the other arm and leg.',
    ],
    cautions: [
      'Reach long rather than high; do not arch your back.',
      'Start with the leg only if balancing is hard.',
    ],
    defaultDosage: { sets: 2, reps: 8, holdSeconds: 5, restSeconds: 30, side: 'alternate' },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'dead-bug',
    name: 'Dead bug',
    category: 'core_strength',
    regions: ['core'],
    instructions: [
      'Lie on your back with arms pointing to the ceiling and hips and knees bent to 90 degrees.',
      'Press your lower back gently into the floor.',
      'Slowly lower one arm overhead and the opposite leg towards the floor without letting your back lift.',
      'Return and repeat with the other arm and leg.',
    ],
    cautions: ['Only go as low as you can while keeping your back on the floor.', KEEP_BREATHING],
    defaultDosage: { sets: 2, reps: 8, restSeconds: 30, side: 'alternate' },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  {
    id: 'curl-up',
    name: 'Curl-up',
    category: 'core_strength',
    regions: ['core'],
    instructions: [
      'Lie on your back with one knee bent and the other leg straight.',
      'Slide your hands, palms down, under the small of your back to keep its natural curve.',
      'Tighten your stomach and lift your head and shoulders just off the floor, keeping your neck still.',
      'Hold, then lower slowly; switch the bent leg halfway through.',
    ],
    cautions: ['Lift only a little: this is not a sit-up.', 'Do not pull on your head or neck.'],
    defaultDosage: { sets: 2, reps: 5, holdSeconds: 8, restSeconds: 30 },
    defaultSchedule: THREE_A_WEEK,
    builtIn: true,
  },
  // Posture correction.
  {
    id: 'chin-tuck',
    name: 'Chin tuck',
    category: 'posture',
    regions: ['neck', 'upper_back'],
    instructions: [
      'Sit or stand tall, looking straight ahead.',
      'Glide your head straight back, as if making a double chin, keeping your eyes level.',
      'Hold, feeling a stretch at the base of the skull.',
      'Relax and repeat.',
    ],
    cautions: [
      'Move straight back; do not nod down or tilt up.',
      'Stop if it causes dizziness or pain into an arm.',
    ],
    defaultDosage: { sets: 1, reps: 10, holdSeconds: 5 },
    defaultSchedule: WORKDAYS_TWICE,
    builtIn: true,
  },
  {
    id: 'wall-angel',
    name: 'Wall angel',
    category: 'posture',
    regions: ['upper_back', 'shoulders', 'chest'],
    instructions: [
      'Stand with your back against a wall, feet a small step away from it.',
      'Rest your head, upper back and buttocks on the wall.',
      'Raise your arms to a goalpost shape, elbows and backs of the hands towards the wall.',
      'Slowly slide your arms up the wall and back down, keeping contact as best you can.',
    ],
    cautions: [
      'Let the hands leave the wall rather than forcing them back.',
      'Do not arch your lower back to reach the wall.',
    ],
    defaultDosage: { sets: 2, reps: 10, restSeconds: 20 },
    defaultSchedule: WORKDAYS,
    builtIn: true,
  },
  {
    id: 'scapular-retraction',
    name: 'Scapular retraction',
    category: 'posture',
    regions: ['upper_back', 'shoulders'],
    instructions: [
      'Sit or stand tall with your arms relaxed by your sides.',
      'Squeeze your shoulder blades back and down, as if sliding them into your back pockets.',
      'Hold without shrugging.',
      'Relax and repeat.',
    ],
    cautions: [
      'Keep your shoulders away from your ears.',
      'Keep your ribs down rather than pushing your chest out.',
    ],
    defaultDosage: { sets: 2, reps: 10, holdSeconds: 5, restSeconds: 20 },
    defaultSchedule: WORKDAYS,
    builtIn: true,
  },
  {
    id: 'thoracic-extension-chair',
    name: 'Thoracic extension over a chair',
    category: 'posture',
    regions: ['upper_back', 'chest'],
    instructions: [
      'Sit on a firm chair whose backrest reaches your mid back.',
      'Support your head with your hands, elbows pointing forwards.',
      'Lean back gently over the top of the backrest, bending through your upper back.',
      'Return to upright; move the contact point a little higher or lower and repeat.',
    ],
    cautions: [
      'Bend from the upper back; keep your lower back and neck relaxed.',
      'Use a chair that cannot tip over.',
    ],
    defaultDosage: { sets: 2, reps: 8, restSeconds: 20 },
    defaultSchedule: WORKDAYS,
    builtIn: true,
  },
  {
    id: 'doorway-chest-stretch',
    name: 'Doorway chest stretch',
    category: 'posture',
    regions: ['chest', 'shoulders'],
    instructions: [
      'Stand in a doorway with your forearms on the frame, elbows at shoulder height.',
      'Step one foot forwards and lean gently through the doorway.',
      'Hold where you feel a stretch across the front of your chest.',
      'Step back to release.',
    ],
    cautions: [STRETCH_NOT_PAIN, 'Lower your elbows if you feel tingling in your arms.'],
    defaultDosage: { sets: 3, holdSeconds: 30, restSeconds: 15 },
    defaultSchedule: WORKDAYS,
    builtIn: true,
  },
  {
    id: 'desk-setup-check',
    name: 'Desk set-up check',
    category: 'posture',
    regions: ['neck', 'upper_back', 'lower_back'],
    instructions: [
      'Set the screen about an arm’s length away, with its top at or just below eye level.',
      'Adjust the chair so your feet rest flat, knees about level with your hips and your lower back supported.',
      'Keep the keyboard and mouse close, with elbows bent about 90 degrees and shoulders relaxed.',
      'Plan to stand up and move for a minute or two every 30 to 45 minutes.',
    ],
    cautions: ['A laptop used all day needs a separate keyboard and a raised screen.'],
    // A checklist, done once: no sets, reps or holds to prescribe.
    defaultDosage: null,
    defaultSchedule: WORKDAYS,
    builtIn: true,
  },
];

const byId = new Map(EXERCISE_CATALOG.map((exercise) => [exercise.id, exercise]));

export function findCatalogExercise(id: string): Exercise | undefined {
  return byId.get(id);
}

/**
 * Architecture rules as code (issue 12 part 7), checked by `npm run arch` as part of `npm test`.
 *
 * Layers, bottom up:
 *   shared floor   src/common (time arithmetic in src/common/time, DoctorGroup in src/common/groups.ts,
 *                  Role in src/common/roles.ts, the password policy in src/common/password-policy.ts),
 *                  src/config: imports no domain.
 *   pure cores     src/triage, src/shifts/solver, src/common/time: plain functions over plain data;
 *                  no Nest, no TypeORM, no pg, and nothing from src but other pure code.
 *   domains        src/<domain>/: import the floor freely, and another domain only through its public
 *                  surface, src/<domain>/index.ts.
 *   composition    src/*.ts (main, app.module, bootstrap, server) wires every module together.
 *
 * Should a deep import have to stay until a later restructuring, it goes in EXCEPTIONS below: one
 * exact file → file pair with the reason and what removes it, never a wider pattern.
 */

const FLOOR = '^src/(common|config)/';
const PURE = '^src/(triage|shifts/solver|common/time)/';
// every folder under src that is not the floor: auth, consults, database, doctors, patients, shifts, …
const DOMAIN = '^src/(?!common/|config/)[^/]+/';
const SPEC = '[.](spec|e2e-spec)[.]ts$';

/** Known imports across a boundary, each to be removed by the named work. Exact files only. */
const EXCEPTIONS = [
  // none today: configuration's Role and password policy moved to the floor (src/common/roles.ts,
  // src/common/password-policy.ts) as DoctorGroup did
];

const exact = (file) => `^${file.replace(/[.]/g, '[.]')}$`;
const asList = (v) => (v === undefined ? [] : [].concat(v));

/**
 * A rule as written applies to every file but the exceptions' sources; for each of those, the same
 * rule again with just that file's listed targets let through.
 */
function withExceptions(rule) {
  const sources = [...new Set(EXCEPTIONS.map((e) => e.from))];
  const copies = sources.map((from) => ({
    ...rule,
    from: { ...rule.from, path: exact(from) },
    to: {
      ...rule.to,
      pathNot: [
        ...asList(rule.to.pathNot),
        ...EXCEPTIONS.filter((e) => e.from === from).map((e) => exact(e.to)),
      ],
    },
  }));
  return [
    { ...rule, from: { ...rule.from, pathNot: [...asList(rule.from.pathNot), ...sources.map(exact)] } },
    ...copies,
  ];
}

module.exports = {
  forbidden: [
    ...withExceptions({
      name: 'floor-imports-no-domain',
      comment:
        'src/common and src/config are the shared floor every domain stands on; they must not import a domain.',
      severity: 'error',
      from: { path: FLOOR },
      to: { path: DOMAIN },
    }),
    {
      name: 'pure-core-no-framework',
      comment:
        'Pure cores (triage rules, the roster solver, window arithmetic) are plain functions: no Nest, no TypeORM, no pg, no sockets.',
      severity: 'error',
      from: { path: PURE },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: '(^|/)node_modules/(@nestjs/|typeorm/|pg/|pg-[^/]+/|socket[.]io|redis/|@socket[.]io/|express/)',
      },
    },
    {
      name: 'pure-core-stays-pure',
      comment:
        'A pure core may import other pure code and the plain domain exception, not a service, entity or module that would drag the framework in.',
      severity: 'error',
      from: { path: PURE },
      to: {
        path: '^src/',
        pathNot: [PURE, '^src/common/errors/domain[.]exception[.]ts$', '^src/common/groups[.]ts$'],
      },
    },
    {
      name: 'no-deep-import-into-another-domain',
      comment:
        "A domain uses another only through that domain's index.ts (its public surface); the files behind it are internal.",
      severity: 'error',
      // the floor has its own, stricter rule above
      from: { path: '^src/([^/]+)/', pathNot: [SPEC, FLOOR] },
      to: {
        path: DOMAIN,
        pathNot: [
          '^src/$1/',
          '^src/[^/]+/index[.]ts$',
          // demo data every domain's demo seed draws names from (plain arrays, no code)
          '^src/database/seed/vietnamese-names[.]ts$',
        ],
      },
    },
    {
      name: 'no-circular',
      comment: 'A cycle between files makes load order matter (Nest reads undefined at decoration time).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // type-only imports count too: an `import type` across a boundary couples the code the same way
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

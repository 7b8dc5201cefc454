// npm run models: TypeScript wire models of the three clouds' KMS APIs, read from the
// clouds' own SDK models (issue 12 item 4), so the client's replies name documented fields.
//
//   node scripts/gen_models.mjs [outDir]     (default src/client/models)
//
// Sources, all devDependencies pinned exactly in package.json:
// - tencentcloud-sdk-nodejs: kms_models.d.ts (plain interfaces, already wire-shaped) and
//   kms_client.d.ts / kms_client.js (which action takes which request).
// - @alicloud/kms20160120: client.d.ts gives the actions and what the SDK marks optional;
//   the $tea.Model classes, loaded at runtime, give names() (wire names) and types() (wire types).
// - @aws-sdk/client-kms: commands/*.d.ts (which request and response each operation has),
//   models/models_0.d.ts (structures) and models/enums.d.ts (string enums).
// The output is types plus one array of action names per cloud, so importing a model adds
// nothing to a bundle but the array. The SDKs' doc comments are not copied.
import ts from 'typescript';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const outDir = process.argv[2] ?? 'src/client/models';

// ---------------------------------------------------------------------------------------
// A cloud's model: actions (sorted), each with a request and a response shape; named
// structures; named string-literal unions. A shape is { fields } or { extends: name }.
// A field is { name, optional, type } where type is TypeScript source text.

function packageDir(name) {
  return dirname(require.resolve(`${name}/package.json`));
}
function packageVersion(name) {
  return JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')).version;
}
function parse(file) {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}
function fail(message) {
  throw new Error(`gen_models: ${message}`);
}
function check(cond, message) {
  if (!cond) fail(message);
}

/** String literals passed as first argument to calls of `this.<method>(...)`, per enclosing method. */
function requestCallsByMethod(jsFile, method) {
  const calls = new Map();
  const visit = (node, owner) => {
    if (ts.isMethodDeclaration(node) && node.name && ts.isIdentifier(node.name)) owner = node.name.text;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === method) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteral(first)) calls.set(owner, first.text);
    }
    ts.forEachChild(node, (child) => visit(child, owner));
  };
  visit(parse(jsFile), undefined);
  return calls;
}

/**
 * TypeScript source text for a property's declared type in an SDK .d.ts. `mapRef` turns a
 * named reference (Date, Uint8Array, a structure, an enum) into its wire type.
 */
function typeText(node, mapRef) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return 'string';
    case ts.SyntaxKind.NumberKeyword:
      return 'number';
    case ts.SyntaxKind.BooleanKeyword:
      return 'boolean';
    case ts.SyntaxKind.ArrayType:
      return `${typeText(node.elementType, mapRef)}[]`;
    case ts.SyntaxKind.UnionType: {
      // AWS writes every member as `X | undefined`; the wire has only X (absent when optional).
      const parts = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
      check(parts.length === 1, `unsupported union type ${node.getText()}`);
      return typeText(parts[0], mapRef);
    }
    case ts.SyntaxKind.TypeReference: {
      const name = node.typeName.getText();
      const args = node.typeArguments ?? [];
      if (name === 'Array' && args.length === 1) return `${typeText(args[0], mapRef)}[]`;
      if (name === 'Record' && args.length === 2) return `Record<${typeText(args[0], mapRef)}, ${typeText(args[1], mapRef)}>`;
      check(args.length === 0, `unsupported generic type ${node.getText()}`);
      return mapRef(name);
    }
    default:
      return fail(`unsupported type ${node.getText()}`);
  }
}

function interfaces(sourceFile) {
  const map = new Map();
  for (const s of sourceFile.statements) if (ts.isInterfaceDeclaration(s)) map.set(s.name.text, s);
  return map;
}

function propertyName(member) {
  check(member.name && ts.isIdentifier(member.name), `unsupported member ${member.getText()}`);
  return member.name.text;
}

/** Names that a type's text refers to (structures and enums), for following references. */
function referencedNames(type) {
  return [...type.matchAll(/\b[A-Z]\w*\b/g)].map((m) => m[0]).filter((n) => n !== 'Record');
}

// ---------------------------------------------------------------------------------------
// Tencent Cloud: the SDK's interfaces are what goes over JSON, names and types alike.

function tencentModel() {
  const pkg = 'tencentcloud-sdk-nodejs';
  const dir = join(packageDir(pkg), 'tencentcloud/services/kms/v20190118');
  const modelsFile = parse(join(dir, 'kms_models.d.ts'));
  const models = interfaces(modelsFile);
  // A request without parameters is `export type XRequest = null`; on the wire it is `{}`.
  const empty = new Set(
    modelsFile.statements
      .filter((s) => ts.isTypeAliasDeclaration(s) && ts.isLiteralTypeNode(s.type) && s.type.literal.kind === ts.SyntaxKind.NullKeyword)
      .map((s) => s.name.text),
  );
  const wireActions = requestCallsByMethod(join(dir, 'kms_client.js'), 'request');

  const actions = [];
  const client = parse(join(dir, 'kms_client.d.ts')).statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === 'Client');
  check(client, 'tencent: no Client class in kms_client.d.ts');
  for (const m of client.members) {
    if (!ts.isMethodDeclaration(m)) continue;
    const method = m.name.getText();
    const request = m.parameters[0].type.getText();
    const response = m.type.typeArguments[0].getText(); // Promise<XResponse>
    check(wireActions.get(method) === method, `tencent: ${method} sends action ${wireActions.get(method)}`);
    actions.push({ name: method, request, response });
  }

  const structFields = (name, { dropRequestId }) => {
    if (empty.has(name) && !dropRequestId) return [];
    const decl = models.get(name);
    check(decl, `tencent: no interface ${name}`);
    const fields = decl.members.map((p) => ({
      name: propertyName(p),
      optional: Boolean(p.questionToken),
      type: typeText(p.type, (ref) => ref),
    }));
    if (!dropRequestId) return fields;
    check(fields.some((f) => f.name === 'RequestId'), `tencent: ${name} has no RequestId`);
    return fields.filter((f) => f.name !== 'RequestId');
  };
  return finish({
    actions,
    shape: (name, role, action) => {
      check(name === `${action}${role === 'request' ? 'Request' : 'Response'}`, `tencent: ${action} uses ${name}`);
      return { fields: structFields(name, { dropRequestId: role === 'response' }) };
    },
    struct: (name) => (models.has(name) ? structFields(name, { dropRequestId: false }) : undefined),
    union: () => undefined,
  });
}

// ---------------------------------------------------------------------------------------
// Alibaba Cloud: JS-facing camelCase properties; names() maps each to its wire name and
// types() gives its wire type. Optionality comes from the `?` markers of client.d.ts.

function aliyunModel() {
  const pkg = '@alicloud/kms20160120';
  const sdk = require(pkg);
  const dts = parse(join(packageDir(pkg), 'dist/client.d.ts'));
  const classes = new Map();
  for (const s of dts.statements) if (ts.isClassDeclaration(s) && s.name) classes.set(s.name.text, s);
  const wireActions = requestCallsByMethod(join(packageDir(pkg), 'dist/client.js'), 'doRequest');

  // Every action has `fooEx(request: FooRequest, runtime): Promise<FooResponse>` and `foo(request)`.
  const actions = [];
  const client = classes.get('Client');
  check(client, 'aliyun: no Client class in client.d.ts');
  for (const m of client.members) {
    if (!ts.isMethodDeclaration(m) || !m.name.getText().endsWith('Ex')) continue;
    const method = m.name.getText();
    const name = wireActions.get(method);
    check(name, `aliyun: ${method} sends no action`);
    actions.push({ name, request: m.parameters[0].type.getText(), response: m.type.typeArguments[0].getText() });
  }

  const wireType = (t, where, role) => {
    if (t === 'string' || t === 'number' || t === 'boolean') return t;
    if (typeof t === 'function') {
      check(sdk[t.name] === t, `aliyun: ${where} refers to an unexported model ${t.name}`);
      return t.name;
    }
    if (t && t.type === 'array') return `${wireType(t.itemType, where, role)}[]`;
    // The RPC API takes a map argument (EncryptionContext) as one parameter holding a JSON
    // string. SDK 1.2.0 would flatten it to `EncryptionContext.<k>=<v>` instead.
    if (t && t.type === 'map' && role === 'request') return 'string';
    return fail(`aliyun: ${where} has unsupported type ${JSON.stringify(t)}`);
  };

  const structFields = (name, role, { dropRequestId }) => {
    const Model = sdk[name];
    const decl = classes.get(name);
    check(typeof Model === 'function' && decl, `aliyun: no model ${name}`);
    const names = Model.names();
    const types = Model.types();
    const props = decl.members.filter((p) => ts.isPropertyDeclaration(p) && !p.modifiers?.some((mod) => mod.kind === ts.SyntaxKind.StaticKeyword));
    const declared = props.map(propertyName);
    check(
      JSON.stringify([...declared].sort()) === JSON.stringify(Object.keys(names).sort()) &&
        JSON.stringify(Object.keys(names).sort()) === JSON.stringify(Object.keys(types).sort()),
      `aliyun: ${name}: client.d.ts, names() and types() list different properties`,
    );
    // Wire order is names() order, which is the SDK's declaration order.
    const optional = new Map(props.map((p) => [propertyName(p), Boolean(p.questionToken)]));
    let fields = Object.keys(names).map((prop) => ({
      name: names[prop],
      optional: optional.get(prop),
      type: wireType(types[prop], `${name}.${prop}`, role),
    }));
    if (dropRequestId) {
      check(fields.some((f) => f.name === 'RequestId'), `aliyun: ${name} has no RequestId`);
      fields = fields.filter((f) => f.name !== 'RequestId');
    }
    return fields;
  };

  // Nested models are only reached from responses in SDK 1.2.0; were a request to nest
  // one holding a map, wireType would refuse it rather than guess its wire form.
  return finish({
    actions,
    shape: (name, role, action) => {
      check(name === `${action}${role === 'request' ? 'Request' : 'Response'}`, `aliyun: ${action} uses ${name}`);
      return { fields: structFields(name, role, { dropRequestId: role === 'response' }) };
    },
    struct: (name) => (classes.has(name) ? structFields(name, 'response', { dropRequestId: false }) : undefined),
    union: () => undefined,
  });
}

// ---------------------------------------------------------------------------------------
// AWS: JSON 1.1, member names are wire names. Blobs (Uint8Array) travel as base64 strings,
// timestamps (Date) as epoch seconds, enums as their string values.

function awsModel() {
  const pkg = '@aws-sdk/client-kms';
  const dir = join(packageDir(pkg), 'dist-types');
  const models = interfaces(parse(join(dir, 'models/models_0.d.ts')));

  const enums = new Map();
  for (const s of parse(join(dir, 'models/enums.d.ts')).statements) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) {
      check(d.type && ts.isTypeLiteralNode(d.type), `aws: enum ${d.name.getText()} is not a literal object`);
      enums.set(
        d.name.getText(),
        d.type.members.map((m) => {
          check(ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal), `aws: enum member ${m.getText()}`);
          return m.type.literal.text;
        }),
      );
    }
  }

  // commands/XCommand.d.ts: `XCommandInput extends XRequest` and
  // `XCommandOutput extends XResponse, __MetadataBearer` (just the latter when X returns nothing).
  const actions = [];
  for (const file of readdirSync(join(dir, 'commands')).sort()) {
    const m = /^(\w+)Command\.d\.ts$/.exec(file);
    if (!m) continue;
    const name = m[1];
    const decls = interfaces(parse(join(dir, 'commands', file)));
    const base = (suffix) => {
      const decl = decls.get(`${name}Command${suffix}`);
      check(decl, `aws: ${file} has no ${name}Command${suffix}`);
      const bases = (decl.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText())).filter((b) => b !== '__MetadataBearer');
      check(bases.length <= 1, `aws: ${name}Command${suffix} extends ${bases.join(', ')}`);
      return bases[0];
    };
    actions.push({ name, request: base('Input'), response: base('Output') });
  }

  const mapRef = (ref) => {
    if (ref === 'Uint8Array') return 'string';
    if (ref === 'Date') return 'number';
    return ref;
  };
  const structFields = (name) =>
    models.get(name).members.map((p) => ({ name: propertyName(p), optional: Boolean(p.questionToken), type: typeText(p.type, mapRef) }));

  return finish({
    actions,
    // An operation whose SDK output is another operation's response (ListRetirableGrants
    // answers a ListGrantsResponse) extends it; one with no output model has no fields.
    shape: (sdkName, role, action) => {
      const own = `${action}${role === 'request' ? 'Request' : 'Response'}`;
      if (sdkName === undefined) return { fields: [] };
      check(models.has(sdkName), `aws: no model ${sdkName}`);
      return sdkName === own ? { fields: structFields(sdkName) } : { extends: sdkName };
    },
    struct: (name) => (models.has(name) ? structFields(name) : undefined),
    union: (name) => enums.get(name),
  });
}

// ---------------------------------------------------------------------------------------
// Follows references from the actions' shapes to every structure and union they need.

function finish({ actions, shape, struct, union }) {
  actions.sort((a, b) => (a.name < b.name ? -1 : 1));
  const out = { actions: [], structs: new Map(), unions: new Map() };
  const pending = [];
  const own = new Set(actions.flatMap((a) => [`${a.name}Request`, `${a.name}Response`]));
  for (const a of actions) {
    const request = shape(a.request, 'request', a.name);
    const response = shape(a.response, 'response', a.name);
    out.actions.push({ name: a.name, request, response });
    for (const s of [request, response]) {
      if (s.extends) pending.push(s.extends);
      for (const f of s.fields ?? []) pending.push(...referencedNames(f.type));
    }
  }
  while (pending.length) {
    const name = pending.pop();
    // A reference to an action's own interface (AWS: ListGrantsResponse) is that interface.
    if (own.has(name) || out.structs.has(name) || out.unions.has(name)) continue;
    const fields = struct(name);
    if (fields) {
      out.structs.set(name, fields);
      for (const f of fields) pending.push(...referencedNames(f.type));
      continue;
    }
    const literals = union(name);
    check(literals, `unknown type ${name}`);
    out.unions.set(name, literals);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Rendering: one member per line, SDK member order, actions and structures sorted by name.

const IDENT = /^[A-Za-z_$][\w$]*$/;

function renderInterface(name, shape) {
  check(IDENT.test(name), `bad interface name ${name}`);
  if (shape.extends) return `export interface ${name} extends ${shape.extends} {}\n`;
  if (shape.fields.length === 0) return `export interface ${name} {}\n`;
  const lines = shape.fields.map((f) => {
    check(IDENT.test(f.name), `bad member name ${f.name} in ${name}`);
    return `  ${f.name}${f.optional ? '?' : ''}: ${f.type};`;
  });
  return `export interface ${name} {\n${lines.join('\n')}\n}\n`;
}

function renderUnion(name, literals) {
  for (const l of literals) check(/^[\w.:-]+$/.test(l), `enum ${name} has a value needing escapes: ${l}`);
  return `export type ${name} =\n${literals.map((l) => `  | '${l}'`).join('\n')};\n`;
}

function render({ header, prefix, constName, model }) {
  const api = `${prefix}KmsApi`;
  const parts = [header.map((l) => `// ${l}`.trimEnd()).join('\n') + '\n'];
  for (const a of model.actions) {
    parts.push(renderInterface(`${a.name}Request`, a.request));
    parts.push(renderInterface(`${a.name}Response`, a.response));
  }
  for (const name of [...model.structs.keys()].sort()) parts.push(renderInterface(name, { fields: model.structs.get(name) }));
  for (const name of [...model.unions.keys()].sort()) parts.push(renderUnion(name, model.unions.get(name)));
  parts.push(
    `/** Request and response of each action, by action name. */\nexport interface ${api} {\n` +
      model.actions.map((a) => `  ${a.name}: { request: ${a.name}Request; response: ${a.name}Response };`).join('\n') +
      '\n}\n',
  );
  parts.push(`/** An action name. */\nexport type ${prefix}KmsAction = keyof ${api};\n`);
  parts.push(
    `/** Every action name, sorted. */\nexport const ${constName} = [\n` +
      model.actions.map((a) => `  '${a.name}',`).join('\n') +
      '\n] as const;\n',
  );
  return parts.join('\n');
}

const GENERATED = 'generated by scripts/gen_models.mjs — do not edit; `npm run models` regenerates it.';

const clouds = [
  {
    file: 'tencent.ts',
    prefix: 'Tencent',
    constName: 'TENCENT_KMS_ACTIONS',
    model: tencentModel,
    header: () => [
      `Tencent Cloud KMS API 2019-01-18: wire models from tencentcloud-sdk-nodejs ${packageVersion('tencentcloud-sdk-nodejs')}`,
      '(tencentcloud/services/kms/v20190118/kms_models.d.ts), RequestId left out of responses.',
      GENERATED,
    ],
  },
  {
    file: 'aliyun.ts',
    prefix: 'Aliyun',
    constName: 'ALIYUN_KMS_ACTIONS',
    model: aliyunModel,
    header: () => [
      `Alibaba Cloud KMS API 2016-01-20: wire models from @alicloud/kms20160120 ${packageVersion('@alicloud/kms20160120')}`,
      '(names() and types() of its models, optional members as client.d.ts marks them), RequestId left out',
      'of responses. A map argument (EncryptionContext) is one parameter holding a JSON string.',
      GENERATED,
    ],
  },
  {
    file: 'aws.ts',
    prefix: 'Aws',
    constName: 'AWS_KMS_ACTIONS',
    model: awsModel,
    header: () => [
      `AWS KMS API 2014-11-01 (JSON 1.1): wire models from @aws-sdk/client-kms ${packageVersion('@aws-sdk/client-kms')}`,
      '(dist-types/models). Blobs are base64 strings and timestamps epoch seconds, as on the wire.',
      GENERATED,
    ],
  },
];

// The API versions named in the headers are the ones each SDK sends.
check(readFileSync(join(packageDir('tencentcloud-sdk-nodejs'), 'tencentcloud/services/kms/v20190118/kms_client.js'), 'utf8').includes('"2019-01-18"'), 'tencent: API version changed');
check(readFileSync(join(packageDir('@alicloud/kms20160120'), 'dist/client.js'), 'utf8').includes('"2016-01-20"'), 'aliyun: API version changed');
check(readFileSync(join(packageDir('@aws-sdk/client-kms'), 'dist-es/runtimeConfig.shared.js'), 'utf8').includes('apiVersion: "2014-11-01"'), 'aws: API version changed');

mkdirSync(outDir, { recursive: true });
for (const c of clouds) {
  const model = c.model();
  writeFileSync(join(outDir, c.file), render({ header: c.header(), prefix: c.prefix, constName: c.constName, model }));
  console.log(`${join(outDir, c.file)}: ${model.actions.length} actions, ${model.structs.size} structures, ${model.unions.size} enums`);
}

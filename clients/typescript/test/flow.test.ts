// The client against a running Enid (ENID_URL) with an admin of the default store
// (ENID_ADMIN_EMAIL, ENID_ADMIN_PASSWORD): sign in, staff calls, public calls and typed errors,
// each write read back.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";

import { createEnidClient, type ErrorBody } from "../src/index.js";

function setting(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the suite runs against a running enid (see README.md)`);
  }
  return value;
}

const baseUrl = setting("ENID_URL");
const email = setting("ENID_ADMIN_EMAIL");
const password = setting("ENID_ADMIN_PASSWORD");
const store = 1;
// Names and products of this run, so that runs against one server do not meet.
const run = randomInt(1_000_000, 9_999_999);

function expectError(error: ErrorBody | undefined, code: string): ErrorBody {
  assert.ok(error, `expected the error ${code}`);
  assert.equal(error.code, code);
  assert.equal(typeof error.detail, "string");
  return error;
}

async function signIn() {
  const anonymous = createEnidClient({ baseUrl, storeId: store });
  const { data, response } = await anonymous.POST("/login/", { body: { email, password } });
  assert.equal(response.status, 200);
  assert.ok(data);
  assert.equal(data.token_type, "Bearer");
  assert.equal(data.user.email, email);
  return {
    anonymous,
    staff: createEnidClient({ baseUrl, accessToken: data.access_token, storeId: store }),
  };
}

test("wrong credentials are a typed 401", async () => {
  const anonymous = createEnidClient({ baseUrl });
  const { data, error, response } = await anonymous.POST("/login/", {
    body: { email, password: "no-es-la-clave" },
  });
  assert.equal(response.status, 401);
  assert.equal(data, undefined);
  assert.equal(expectError(error, "invalid_credentials").fields ?? null, null);
});

test("staff create a lead type and the public intake counts each try", async () => {
  const { anonymous, staff } = await signIn();

  const created = await staff.POST("/lead-type/", {
    body: { name: `Cotización por WhatsApp ${run}` },
  });
  assert.equal(created.response.status, 201);
  assert.ok(created.data);
  const leadType = created.data;
  assert.equal(leadType.name, `Cotización por WhatsApp ${run}`);
  assert.equal(leadType.is_active, true);

  const intake = { name: "María Fernanda López", email: `maria.${run}@correo.mx`, lead_type: leadType.id };
  const first = await anonymous.POST("/lead/existence/", { body: intake });
  assert.equal(first.response.status, 201);
  assert.ok(first.data);
  assert.equal(first.data.tryet, 1);
  assert.equal(first.data.status, "pending");
  const again = await anonymous.POST("/lead/existence/", { body: intake });
  assert.equal(again.response.status, 200);
  assert.equal(again.data?.id, first.data.id);

  const stored = await staff.GET("/lead/{id}/", { params: { path: { id: first.data.id } } });
  assert.equal(stored.response.status, 200);
  assert.equal(stored.data?.tryet, 2);
  assert.equal(stored.data?.lead_type, leadType.id);
  assert.equal(stored.data?.lead_type_name, leadType.name);
});

test("a public intake of an unknown lead type is a typed validation error and stores nothing", async () => {
  const { anonymous, staff } = await signIn();
  const types = await staff.GET("/lead-type/");
  assert.ok(types.data);
  const unknown = Math.max(0, ...types.data.results.map((t) => t.id)) + 1000;
  const leadEmail = `jorge.${run}@correo.mx`;

  const { data, error, response } = await anonymous.POST("/lead/existence/", {
    body: { name: "Jorge Ramírez", email: leadEmail, lead_type: unknown },
  });
  assert.equal(response.status, 400);
  assert.equal(data, undefined);
  const body = expectError(error, "validation_error");
  assert.deepEqual(Object.keys(body.fields ?? {}), ["lead_type"]);
  assert.ok((body.fields?.["lead_type"] ?? []).length > 0);

  const found = await staff.GET("/lead-search/", { params: { query: { q: leadEmail } } });
  assert.equal(found.response.status, 200);
  assert.equal(found.data?.count, 0);
  assert.deepEqual(found.data?.results, []);
});

test("stock movements move the level, and an out beyond it is a typed 409", async () => {
  const { staff } = await signIn();
  const product = run;
  const warehouse = await staff.POST("/warehouses/", { body: { name: `Bodega Iztapalapa ${run}` } });
  assert.equal(warehouse.response.status, 201);
  assert.ok(warehouse.data);
  const warehouseId = warehouse.data.id;
  const move = (movement_type: "in" | "out", quantity: number) =>
    staff.POST("/movements/", {
      body: { product_id: product, warehouse_id: warehouseId, movement_type, quantity, reference: "OC-2024-118" },
    });

  const received = await move("in", 12);
  assert.equal(received.response.status, 201);
  assert.equal(received.data?.level, 12);
  const shipped = await move("out", 5);
  assert.equal(shipped.data?.level, 7);

  const refused = await move("out", 100);
  assert.equal(refused.response.status, 409);
  expectError(refused.error, "insufficient_stock");

  const level = await staff.GET("/inventory/{product_id}/", { params: { path: { product_id: product } } });
  assert.equal(level.response.status, 200);
  assert.equal(level.data?.total, 7);
  assert.deepEqual(
    level.data?.by_warehouse.map((w) => [w.warehouse_id, w.quantity]),
    [[warehouseId, 7]],
  );
});

test("public reads need no token", async () => {
  const anonymous = createEnidClient({ baseUrl, storeId: store });
  const cards = await anonymous.GET("/returns/");
  assert.equal(cards.response.status, 200);
  assert.ok(cards.data);
  assert.ok(cards.data.results.length >= 1);
  for (const card of cards.data.results) {
    assert.equal(typeof card.ask, "string");
  }
});

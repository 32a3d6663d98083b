//! An example for every schema of the published spec, composed from one table of realistic values
//! by property name (Spanish where they are text: the shop is in Mexico), so that every domain's
//! request bodies and answers show one, and a nested object or a list shows the same values as the
//! schema of its own. Numbers, flags, dates and ids need no entry; a text property without one
//! leaves its schema without an example, which the spec's test names.

use serde_json::{Map, Value, json};

/// How deep examples nest before an optional property of a recursive schema is left out.
const MAX_DEPTH: usize = 6;

/// Adds an `example` to every schema in `components/schemas` that can have one.
pub(crate) fn add(doc: &mut Value) {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
    else {
        return;
    };
    let page_paths = page_paths(doc);
    let examples = Examples {
        schemas: &schemas,
        page_paths: &page_paths,
    };
    let Some(targets) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (name, schema) in targets.iter_mut() {
        let Some(schema) = schema.as_object_mut() else {
            continue;
        };
        if schema.contains_key("example") {
            continue;
        }
        if let Some(example) = examples.of_component(name, 0) {
            schema.insert("example".to_owned(), example);
        }
    }
    // Bodies and answers whose schema is written in place (lists, maps) rather than named.
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for operation in paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter_map(Value::as_object_mut)
    {
        let id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let mut bodies = Vec::new();
        for (key, value) in operation.iter_mut() {
            match (key.as_str(), value) {
                ("requestBody", body) => bodies.push(body),
                ("responses", Value::Object(responses)) => bodies.extend(responses.values_mut()),
                _ => {}
            }
        }
        for body in bodies {
            let contents = body.get_mut("content").and_then(Value::as_object_mut);
            for (media_type, content) in contents.into_iter().flatten() {
                let Some(schema) = content.get_mut("schema").and_then(Value::as_object_mut) else {
                    continue;
                };
                if !media_type.starts_with("application/json")
                    || schema.contains_key("$ref")
                    || schema.contains_key("example")
                {
                    continue;
                }
                let example =
                    inline_value(&id).or_else(|| examples.of_schema(&id, None, schema, 0));
                if let Some(example) = example {
                    schema.insert("example".to_owned(), example);
                }
            }
        }
    }
}

/// The example of an operation's body or answer written in place that no property names.
fn inline_value(operation: &str) -> Option<Value> {
    match operation {
        // Units per product id.
        "stock_list" => Some(json!({"1042": 36, "1187": 12})),
        _ => None,
    }
}

/// For each page schema (`…Page`), the path of the list operation that answers it, for the
/// example `next`/`previous` links.
fn page_paths(doc: &Value) -> Map<String, Value> {
    let mut found = Map::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        let Some(reference) = item
            .pointer("/get/responses/200/content/application~1json; charset=utf-8/schema/$ref")
            .and_then(Value::as_str)
        else {
            continue;
        };
        let name = reference.trim_start_matches("#/components/schemas/");
        if name.ends_with("Page") {
            found
                .entry(name.to_owned())
                .or_insert_with(|| Value::from(path.as_str()));
        }
    }
    found
}

struct Examples<'a> {
    schemas: &'a Map<String, Value>,
    page_paths: &'a Map<String, Value>,
}

impl Examples<'_> {
    fn of_component(&self, name: &str, depth: usize) -> Option<Value> {
        let schema = self.schemas.get(name)?.as_object()?;
        if let Some(example) = schema.get("example") {
            return Some(example.clone());
        }
        self.of_schema(name, None, schema, depth)
    }

    /// The example of `schema`, a property `property` of the component `owner` (or the component
    /// itself when `property` is `None`).
    fn of_schema(
        &self,
        owner: &str,
        property: Option<&str>,
        schema: &Map<String, Value>,
        depth: usize,
    ) -> Option<Value> {
        if let Some(example) = schema.get("example") {
            return Some(example.clone());
        }
        if let Some(value) = property.and_then(|property| known_value(owner, property)) {
            return Some(value);
        }
        if let Some(reference) = referenced(schema) {
            return self.of_component(reference, depth + 1);
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|v| v.first())
        {
            return Some(first.clone());
        }
        if let Some(Value::Array(members)) = schema.get("anyOf").or_else(|| schema.get("oneOf")) {
            let first = members.first()?.as_object()?;
            return self.of_schema(owner, property, first, depth);
        }
        match schema.get("type").and_then(Value::as_str)? {
            "object" => self.of_object(owner, schema, depth),
            "array" => {
                let items = schema.get("items")?.as_object()?;
                Some(Value::Array(vec![
                    self.of_schema(owner, None, items, depth)?,
                ]))
            }
            "string" => match schema.get("format").and_then(Value::as_str)? {
                "date-time" => Some(json!("2026-03-14T16:20:00Z")),
                "date" => Some(json!("2026-03-14")),
                "uuid" => Some(json!("8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d")),
                _ => None,
            },
            "integer" => Some(match property {
                Some(name) if name == "id" || name.ends_with("_id") => json!(42),
                _ => json!(12),
            }),
            "number" => Some(json!(37.5)),
            "boolean" => Some(json!(true)),
            _ => None,
        }
    }

    fn of_object(&self, owner: &str, schema: &Map<String, Value>, depth: usize) -> Option<Value> {
        let owner = schema.get("title").and_then(Value::as_str).unwrap_or(owner);
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut example = Map::new();
        for (name, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if depth >= MAX_DEPTH && !required.contains(&name.as_str()) {
                continue;
            }
            let value = match name.as_str() {
                // The links of a list's own page; a page inside another answer has no other.
                "next" | "previous" if owner.ends_with("Page") => {
                    match self.page_paths.get(owner).and_then(Value::as_str) {
                        Some(path) => {
                            let page = if name == "next" { 3 } else { 1 };
                            json!(format!("{path}?page={page}"))
                        }
                        None => Value::Null,
                    }
                }
                _ => self.of_schema(owner, Some(name), property.as_object()?, depth + 1)?,
            };
            example.insert(name.clone(), value);
        }
        if example.is_empty() && !schema.contains_key("properties") {
            return None;
        }
        Some(Value::Object(example))
    }
}

/// The component a schema stands for: `$ref`, or the one member of poem-openapi's wrappers.
fn referenced(schema: &Map<String, Value>) -> Option<&str> {
    let reference = schema.get("$ref").or_else(|| {
        let members = schema
            .get("oneOf")
            .or_else(|| schema.get("allOf"))?
            .as_array()?;
        match members.as_slice() {
            [only] => only.get("$ref"),
            _ => None,
        }
    })?;
    reference.as_str()?.strip_prefix("#/components/schemas/")
}

/// What a schema is about, without its role: `WarehousePatch` → `Warehouse`.
fn subject(owner: &str) -> &str {
    ["PatchIn", "Patch", "Page", "Out", "In"]
        .iter()
        .find_map(|suffix| owner.strip_suffix(suffix))
        .unwrap_or(owner)
}

/// The example value of the property `property` of the schema `owner`.
fn known_value(owner: &str, property: &str) -> Option<Value> {
    let value = match (subject(owner), property) {
        // Names and text that depend on what the object is.
        ("LeadType" | "TypeCount", "name" | "lead_type") => json!("Mayoreo"),
        ("Lead" | "LeadIntake", "name") => json!("Lucía Hernández Ramos"),
        ("Business" | "BusinessPatch", "name") => json!("Papelería La Esperanza"),
        ("FaqCategory" | "FaqCategoryPatch", "name") => json!("Envíos y entregas"),
        ("PageSection", "name") => json!("Productos destacados"),
        ("Store" | "StoreRole", "name") => json!("Tienda Enid Monterrey"),
        ("Warehouse" | "WarehouseUnits", "name") | (_, "warehouse_name") => {
            json!("Bodega Centro")
        }
        ("Member" | "Profile" | "ProfilePatch" | "Signup" | "User", "name") => {
            json!("Ana López Treviño")
        }
        ("Lead" | "LeadIntake" | "LeadPatch", "email") => json!("lucia.hernandez@gmail.com"),
        (_, "email" | "changed_by_email") => json!("ana.lopez@tiendaenid.mx"),
        ("Business" | "BusinessPatch", "slug" | "business") | ("Image", "business") => {
            json!("papeleria-la-esperanza")
        }
        ("FaqCategory", "slug") => json!("envios-y-entregas"),
        ("Store", "slug") => json!("tienda-enid-monterrey"),
        ("Business" | "BusinessPatch", "description") => {
            json!("Papelería y regalos en el centro de Monterrey desde 1998.")
        }
        ("Image" | "ImagePatch", "description") => {
            json!("Fachada de la tienda sobre la calle Morelos.")
        }
        ("PageSection" | "PageSectionPatch", "description") => {
            json!("Carrusel de productos destacados de la portada.")
        }
        ("Image" | "ImagePatch", "title") => json!("Fachada de la tienda"),
        ("Knowledge" | "KnowledgePatch", "title") => json!("Garantía de mochilas"),
        ("Link", "title") => json!("Escríbenos por WhatsApp"),
        ("Image", "url") => json!("/image/7/file/"),
        ("Knowledge" | "KnowledgePatch", "url") => json!("https://tiendaenid.mx/garantias"),
        ("Link", "url") => json!("https://wa.me/528112345678"),
        ("ReturnCard" | "ReturnCardPatch", "ask") => json!("¿Puedo devolver un producto?"),
        (_, "ask") => json!("¿Hacen envíos a todo el país?"),
        ("ErrorBody", "code") => json!("validation_error"),
        ("ErrorBody", "detail") => json!("Invalid input."),
        ("ChatFailure", "code") => json!("assistant_unavailable"),
        ("ChatFailure", "detail") => json!(enid_core::assistant::UNAVAILABLE_DETAIL),
        ("UserMessage", "content") | ("Chat", "message") => {
            json!("¿Tienen la mochila escolar en color azul?")
        }
        ("Message" | "AiResponse", "content") => {
            json!("Sí, la mochila escolar está disponible en azul y cuesta $899 MXN.")
        }
        ("Message", "role") => json!("assistant"),
        ("Member", "role") => json!("staff"),
        ("Movement", "note") => json!("Compra al proveedor, factura A-1043"),
        ("Transfer", "note") => json!("Reabasto de la sucursal San Pedro"),
        (_, "note") => json!("Producto recibido sin daños."),
        ("Ready" | "Live", "status") | (_, "database" | "cache") => json!("ok"),
        // The same meaning wherever they appear.
        (_, "access_token") => {
            json!("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6ImFjY2VzcyJ9.Zm9v")
        }
        (_, "refresh_token") => {
            json!("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6InJlZnJlc2gifQ.YmFy")
        }
        (_, "token_type") => json!("Bearer"),
        (_, "password") => json!("Girasol-Norte-2026"),
        (_, "current_password") => json!("Girasol-Norte-2026"),
        (_, "new_password") => json!("Nogal-Sur-2027"),
        (_, "address") => json!("Av. Constitución 1450, Centro, 64000 Monterrey, N.L."),
        (_, "answer") => json!("Enviamos a todo México; el pedido llega en 3 a 5 días hábiles."),
        (_, "we_mean") => json!("Envío a domicilio"),
        (_, "url_img") => json!("https://tiendaenid.mx/img/envios.png"),
        (_, "body") => {
            json!("Las mochilas tienen 12 meses de garantía contra defectos de fábrica.")
        }
        (_, "tags") => json!(["garantía", "mochilas"]),
        (_, "backend") => json!("sqlite"),
        (_, "browser") => json!("Chrome"),
        (_, "os") => json!("Android"),
        (_, "device_type") => json!("mobile"),
        (_, "browser_distribution") => json!({"Chrome": 182, "Safari": 64, "Firefox": 12}),
        (_, "device_distribution") => json!({"mobile": 171, "desktop": 79, "tablet": 8}),
        (_, "call_to_action") => json!("Solicitar devolución"),
        (_, "short_answer") => {
            json!("Sí, dentro de los 30 días naturales posteriores a la entrega.")
        }
        (_, "path_seccion") => json!("/devoluciones"),
        (_, "content_type") => json!("image/jpeg"),
        (_, "sha256") => json!("9f2c4e1a7b3d5f6081a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718"),
        (_, "thumbnail_url") => json!("/image/7/file/?size=thumb"),
        (_, "conversion_goal") => json!("compra"),
        (_, "customer_email") => json!("maria.garcia@gmail.com"),
        (_, "customer_name") => json!("María García Torres"),
        // A date or a date-time in requests; answers carry the date-time.
        ("ReturnRequest", "delivered_at") if owner == "ReturnRequestIn" => json!("2026-03-05"),
        (_, "order_reference") => json!("PED-2026-001234"),
        (_, "reason") => json!("La talla no me quedó; la quiero cambiar por una más grande."),
        (_, "delta") => json!("Sí, la mochila escolar "),
        (_, "fields") => json!({"email": ["Enter a valid email address."]}),
        (_, "entry_page") => json!("/"),
        (_, "exit_page") => json!("/carrito"),
        (_, "pages_visited") => json!(["/", "/productos/mochilas", "/carrito"]),
        (_, "page_url") => json!("/productos/mochilas"),
        (_, "page_title") => json!("Mochilas escolares | Tienda Enid"),
        (_, "page_url_pattern") => json!("/productos/*"),
        (_, "section" | "section_name") => json!("Productos destacados"),
        (_, "section_selector") => json!("#destacados"),
        (_, "event_id") => json!("evt-2026-03-14-000187"),
        (_, "session_id") => json!("ses-7f3a9c2e"),
        (_, "user_id") => json!("cliente-1842"),
        (_, "user_agent") => json!(
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) \
             Chrome/124.0 Mobile Safari/537.36"
        ),
        (_, "referrer") => json!("https://www.google.com/"),
        (_, "utm_source") => json!("facebook"),
        (_, "utm_medium") => json!("cpc"),
        (_, "utm_campaign") => json!("regreso-a-clases"),
        (_, "lead_type_name") => json!("Mayoreo"),
        (_, "phone_number") => json!("+52 81 1234 5678"),
        (_, "status_display") => json!("Pendiente"),
        (_, "movement_type") => json!("in"),
        (_, "reference") => json!("FAC-A-1043"),
        (_, "persona") => json!(
            "Eres Enid, la asesora de ventas de la tienda: amable, breve y siempre en español."
        ),
        (_, "rules") => json!([
            "Responde siempre en español.",
            "No prometas descuentos que no estén publicados."
        ]),
        (_, "provider") => json!("gemini"),
        (_, "model") => json!("gemini-2.5-flash"),
        (_, "snippet") => json!("…Enviamos a todo «México»; el pedido llega en 3 a 5 días…"),
        (_, "permissions") => json!(["profile.read", "leads.read", "leads.write"]),
        ("RoleMatrix", "admin") => json!(["leads.read", "leads.write", "members.manage"]),
        ("RoleMatrix", "staff") => json!(["leads.read", "leads.write"]),
        ("RoleMatrix", "viewer") => json!(["leads.read", "analytics.read", "stock.read"]),
        ("RoleMatrix", "customer") => json!(["profile.read", "returns.own"]),
        (_, "metadata") => json!({"event_type": "add_to_cart", "load_time_ms": 820}),
        // Numbers that read wrong as the defaults.
        ("Lead", "converted_at") => Value::Null,
        (_, "lead_type") => json!(2),
        (_, "tryet") => json!(1),
        ("ReturnItemObject", "quantity") => json!(1),
        (_, "products_interest") => json!([1042, 1187]),
        (_, "product_id") => json!(1042),
        (_, "warehouse_id") => json!(3),
        (_, "store_id") => json!(1),
        _ => return None,
    };
    Some(value)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::add;

    #[test]
    fn examples_follow_references_and_leave_unknown_text_out() {
        let mut doc = json!({
            "paths": {"/lead/": {"get": {"responses": {"200": {"content": {
                "application/json; charset=utf-8": {
                    "schema": {"$ref": "#/components/schemas/LeadPage"},
                },
            }}}}}},
            "components": {"schemas": {
                "LeadStatusName": {"type": "string", "enum": ["pending", "contacted"]},
                "LeadOut": {
                    "type": "object",
                    "title": "LeadOut",
                    "required": ["id", "name", "status", "created_at"],
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "status": {"$ref": "#/components/schemas/LeadStatusName"},
                        "created_at": {"type": "string", "format": "date-time"},
                    },
                },
                "LeadPage": {
                    "type": "object",
                    "title": "LeadPage",
                    "required": ["count", "results"],
                    "properties": {
                        "count": {"type": "integer"},
                        "next": {"type": "string", "nullable": true},
                        "previous": {"type": "string", "nullable": true},
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/LeadOut"},
                        },
                    },
                },
                "Mystery": {
                    "type": "object",
                    "title": "Mystery",
                    "properties": {"riddle": {"type": "string"}},
                },
            }},
        });
        add(&mut doc);
        let schemas = &doc["components"]["schemas"];
        let lead = json!({
            "id": 42,
            "name": "Lucía Hernández Ramos",
            "status": "pending",
            "created_at": "2026-03-14T16:20:00Z",
        });
        assert_eq!(schemas["LeadOut"]["example"], lead);
        assert_eq!(
            schemas["LeadPage"]["example"],
            json!({"count": 12, "next": "/lead/?page=3", "previous": "/lead/?page=1", "results": [lead]})
        );
        assert_eq!(schemas["LeadStatusName"]["example"], "pending");
        // Text no table entry knows gets no made-up value: the spec's test names the schema.
        assert_eq!(schemas["Mystery"].get("example"), None);
    }
}

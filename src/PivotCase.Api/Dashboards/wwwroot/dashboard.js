// The dashboard page: signs in with a pasted token, reads GET /api/dashboard (a supervisor's organisation) or
// GET /api/worklist (a caseworker's own cases and the referrals pending on the organisation) and shows it as figures,
// tables and charts, in English or French. No inline handlers and no HTML built from strings (a strict CSP applies);
// the token lives in sessionStorage only, or in this page's memory when the browser refuses storage.
(function () {
  "use strict";

  const TOKEN_KEY = "pivotcase.dashboard.token";
  const LANGUAGE_KEY = "pivotcase.dashboard.language";
  // Supervisors read their organisation's dashboard; a caseworker who is not also a supervisor reads their own caseload.
  const ORGANIZATION_VIEW = { url: "/api/dashboard", heading: "heading", showsRegister: true };
  // A caseworker does not keep the confidentiality incident register: their view has no part of it.
  const OWN_CASELOAD_VIEW = { url: "/api/worklist", heading: "headingOwn", showsRegister: false };
  const SETTINGS_URL = "/dashboard/settings.json";
  const DEV_TOKEN_URL = "/dashboard/dev-token?role=supervisor&org=cathii&sub=supervisor-1";
  const CRISIS_HOURS = 72;
  const ID_COLUMNS = new Set(["colCase", "colStep", "colReferral", "colWorker"]);

  // Colours chosen for at least 4.5:1 against white (text) and 3:1 between bars and background.
  const COLOURS = {
    blue: "#1f5fa8",
    red: "#b3261e",
    amber: "#8a5300",
    green: "#1e6b34",
    purple: "#6a3d9a",
    teal: "#00696b",
    grid: "#d0d7de",
    text: "#1f2933"
  };
  const KIND_COLOURS = [COLOURS.blue, COLOURS.purple, COLOURS.teal, COLOURS.amber, COLOURS.red];

  const dictionaries = window.PivotCaseI18n;
  const byId = (id) => document.getElementById(id);

  let language = initialLanguage();
  let dashboard = null;
  let charts = {};
  let status = null; // { key, params } of the last status message, re-translated on a language switch
  let error = null; // same, for the last error
  let memoryToken = null; // the token when sessionStorage is unavailable

  // ---- language ------------------------------------------------------------------------------------------------

  function initialLanguage() {
    const saved = safeStorage(() => localStorage.getItem(LANGUAGE_KEY));
    if (saved === "en" || saved === "fr") return saved;
    return (navigator.language || "en").toLowerCase().startsWith("fr") ? "fr" : "en";
  }

  function words() {
    return dictionaries[language];
  }

  function t(key, params) {
    const text = words()[key] ?? dictionaries.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (match, name) => (params && name in params ? String(params[name]) : match));
  }

  /** The label of an enumeration value (snake_case from the API), or the value itself when the dictionary lacks it. */
  function label(group, value) {
    const labels = words()[group] || {};
    return Object.prototype.hasOwnProperty.call(labels, value) ? labels[value] : String(value);
  }

  function setLanguage(next) {
    language = next;
    safeStorage(() => localStorage.setItem(LANGUAGE_KEY, next));
    applyLanguage();
  }

  function applyLanguage() {
    document.documentElement.lang = language;
    document.title = t("pageTitle");
    document.querySelectorAll("[data-i18n]").forEach((element) => {
      element.textContent = t(element.dataset.i18n);
    });
    document.querySelectorAll("[data-i18n-aria-label]").forEach((element) => {
      element.setAttribute("aria-label", t(element.dataset.i18nAriaLabel));
    });
    document.querySelectorAll("[data-lang]").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.lang === language));
    });
    showSignedIn();
    renderMessages();
    if (dashboard) render(dashboard);
  }

  // ---- formatting ----------------------------------------------------------------------------------------------

  function number(value, options) {
    if (value === null || value === undefined || Number.isNaN(Number(value))) return "—";
    return new Intl.NumberFormat(words().locale, { maximumFractionDigits: 2, ...options }).format(Number(value));
  }

  function signed(value) {
    return number(value, { signDisplay: "exceptZero" });
  }

  /** A calendar date ("2026-02-27"), shown without any time-zone shift. */
  function day(value) {
    if (!value) return "—";
    const date = new Date(String(value).slice(0, 10) + "T00:00:00Z");
    if (Number.isNaN(date.getTime())) return String(value);
    return new Intl.DateTimeFormat(words().locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
  }

  /** An instant ("2026-03-02T15:00:00Z"), shown in the reader's time zone. */
  function instant(value) {
    if (!value) return "—";
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    return new Intl.DateTimeFormat(words().locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
  }

  /** The last eight digits of a case id: version 7 ids share their first (time) digits, their last ones are random. */
  function shortId(id) {
    return "…" + String(id ?? "").slice(-8);
  }

  function daysBetween(fromInstant, toDay) {
    const from = Date.parse(String(fromInstant).slice(0, 10) + "T00:00:00Z");
    const to = Date.parse(String(toDay).slice(0, 10) + "T00:00:00Z");
    return Number.isNaN(from) || Number.isNaN(to) ? null : Math.round((to - from) / 86400000);
  }

  // ---- messages ------------------------------------------------------------------------------------------------

  function setStatus(key, params) {
    status = key ? { key, params } : null;
    renderMessages();
  }

  function setError(key, params) {
    error = key ? { key, params } : null;
    renderMessages();
  }

  function renderMessages() {
    byId("status").textContent = status ? t(status.key, status.params) : "";
    const errorElement = byId("error");
    errorElement.textContent = error ? t(error.key, error.params) : "";
    errorElement.hidden = !error;
  }

  // ---- session -------------------------------------------------------------------------------------------------

  function storedToken() {
    return safeStorage(() => sessionStorage.getItem(TOKEN_KEY)) ?? memoryToken;
  }

  function forgetToken() {
    memoryToken = null;
    safeStorage(() => sessionStorage.removeItem(TOKEN_KEY));
  }

  function viewOf(token) {
    const roles = [].concat(claimsOf(token).role ?? []);
    return roles.includes("caseworker") && !roles.includes("supervisor") ? OWN_CASELOAD_VIEW : ORGANIZATION_VIEW;
  }

  function claimsOf(token) {
    try {
      const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      const json = decodeURIComponent(Array.from(atob(payload.padEnd(payload.length + (4 - payload.length % 4) % 4, "=")),
        (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
      return JSON.parse(json);
    } catch {
      return {};
    }
  }

  function showSignedIn() {
    const token = storedToken();
    byId("sign-in").hidden = Boolean(token);
    byId("session").hidden = !token;
    const heading = byId("page-heading");
    const view = token ? viewOf(token) : ORGANIZATION_VIEW;
    heading.dataset.i18n = view.heading;
    heading.textContent = t(heading.dataset.i18n);
    byId("incidents-heading").closest("section").hidden = !view.showsRegister;
    byId("incidents-count").closest("div").hidden = !view.showsRegister;
    if (!token) return;
    const claims = claimsOf(token);
    // The user id and organisation only: the dashboard never shows a person's name.
    byId("signed-in-as").textContent = t("signedInAs", { user: claims.sub ?? "?", organization: claims.org ?? "?" });
  }

  function signIn(token) {
    const cleaned = String(token || "").trim().replace(/^Bearer\s+/i, "");
    if (!cleaned) {
      setError("tokenMissing");
      byId("token").focus();
      return;
    }
    const stored = safeStorage(() => {
      sessionStorage.setItem(TOKEN_KEY, cleaned);
      return true;
    });
    memoryToken = stored ? null : cleaned;
    byId("token").value = "";
    showSignedIn();
    load(true);
  }

  function signOut(messageKey) {
    forgetToken();
    dashboard = null;
    destroyCharts();
    byId("dashboard").hidden = true;
    showSignedIn();
    setError(null);
    setStatus(messageKey || "signedOut");
    document.body.dataset.state = "signed-out";
    byId("token").focus();
  }

  // ---- loading -------------------------------------------------------------------------------------------------

  async function load(moveFocus) {
    const token = storedToken();
    if (!token) return;
    document.body.dataset.state = "loading";
    setError(null);
    setStatus("loading");

    let response;
    try {
      response = await fetch(viewOf(token).url, {
        headers: { Authorization: "Bearer " + token, Accept: "application/json" },
        cache: "no-store",
        credentials: "omit"
      });
    } catch {
      fail("errorNetwork");
      return;
    }

    if (!response.ok) {
      const keys = { 401: "error401", 403: "error403", 404: "error404", 429: "error429" };
      if (response.status === 401 || response.status === 403) {
        // The token is useless here: forget it and ask for another.
        forgetToken();
        dashboard = null;
        destroyCharts();
        byId("dashboard").hidden = true;
        showSignedIn();
      }
      fail(keys[response.status] || "errorOther", { status: response.status });
      return;
    }

    try {
      dashboard = await response.json();
    } catch {
      fail("errorOther", { status: response.status });
      return;
    }

    render(dashboard);
    byId("dashboard").hidden = false;
    setStatus("loaded", { count: number(dashboard.openCases) });
    document.body.dataset.state = "loaded";
    if (moveFocus) byId("dashboard").focus();
  }

  function fail(key, params) {
    setStatus(null);
    setError(key, params);
    document.body.dataset.state = "error";
  }

  // ---- rendering -----------------------------------------------------------------------------------------------

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  function render(data) {
    const crisis = list(data.crisisWindow);
    const overdue = list(data.overdueSteps);
    const deadlines = list(data.deadlines);
    const referrals = list(data.pendingReferrals);
    const inactive = list(data.inactiveCases);
    const assessmentsDue = list(data.assessmentsDue);
    const incidents = list(data.incidentsAwaitingNotice);
    const workers = list(data.casesByWorker);
    const recovery = data.recovery || {};
    const averageChange = recovery.averageChange || {};

    byId("organization").textContent = data.organization ?? "—";
    const generated = byId("generated-at");
    generated.textContent = instant(data.generatedAt);
    if (data.generatedAt) generated.dateTime = data.generatedAt;

    byId("open-cases").textContent = number(data.openCases);
    byId("crisis-count").textContent = number(crisis.length);
    byId("overdue-count").textContent = number(overdue.length);
    byId("deadlines-count").textContent = number(deadlines.length);
    byId("referrals-count").textContent = number(referrals.length);
    byId("inactive-count").textContent = number(inactive.length);
    byId("assessments-due-count").textContent = number(assessmentsDue.length);
    byId("incidents-count").textContent = number(incidents.length);
    byId("assessed-count").textContent = number(recovery.casesAssessed ?? 0);

    table("workers-table", "workersHeading",
      [["colWorker"], ["colOpen", true]],
      workers.map((row) => [row.worker, number(row.open)]));

    table("crisis-table", "crisisHeading",
      [["colCase"], ["colHoursLeft", true], ["colOpenNeeds"]],
      crisis.map((row) => [row.caseId, number(row.hoursLeft, { maximumFractionDigits: 1 }),
        list(row.openImmediateNeeds).map((need) => label("serviceDomain", need)).join(", ") || t("none")]));

    table("overdue-table", "overdueHeading",
      [["colCase"], ["colStep"], ["colDomain"], ["colDueOn"], ["colDaysOverdue", true]],
      overdue.map((row) => [row.caseId, row.stepId, label("serviceDomain", row.domain), day(row.dueOn),
        number(row.daysOverdue ?? -daysBetween(data.generatedAt, row.dueOn))]));

    table("deadlines-table", "deadlinesHeading",
      [["colCase"], ["colKind"], ["colOn"], ["colDaysLeft", true]],
      deadlines.map((row) => [row.caseId, label("deadlineKind", row.kind), day(row.on),
        number(daysLeftOf(data, row))]));

    table("referrals-table", "referralsHeading",
      [["colReferral"], ["colCase"], ["colDirection"], ["colPartner"], ["colDomain"], ["colUrgent"], ["colConsentInForce"],
        ["colReferredAt"], ["colAgeDays", true]],
      referrals.map((row) => [row.referralId, row.caseId, label("direction", row.direction), row.organization ?? "—",
        label("serviceDomain", row.domain), row.urgent ? t("yes") : t("no"),
        row.consentInForce === false ? t("consentEnded") : t("yes"), instant(row.referredAt), number(row.ageDays)]));

    table("inactive-table", "inactiveHeading",
      [["colCase"], ["colWorker"], ["colLastActivity"], ["colDaysInactive", true]],
      inactive.map((row) => [row.caseId, row.worker, instant(row.lastActivityAt), number(row.daysInactive)]));

    table("assessments-table", "assessmentsHeading",
      [["colCase"], ["colWorker"], ["colLastAssessedOn"], ["colDueOn"], ["colDaysLeft", true]],
      assessmentsDue.map((row) => [row.caseId, row.worker, row.lastAssessedOn ? day(row.lastAssessedOn) : t("notYetAssessed"),
        day(row.dueOn), number(row.daysLeft)]));

    table("incidents-table", "incidentsHeading",
      [["colIncident"], ["colDiscoveredOn"], ["colNoticesOwed"], ["colDaysSinceDiscovery", true]],
      incidents.map((row) => [row.incidentId, day(row.discoveredOn),
        list(row.noticesOutstanding).map((recipient) => label("noticeRecipient", recipient)).join(", "),
        number(row.daysSinceDiscovery)]));

    const recoveryDomains = orderedRecoveryDomains(averageChange);
    byId("recovery-note").textContent = t("recoveryNote", { count: number(recovery.casesAssessed ?? 0) });
    table("recovery-table", "recoveryHeading",
      [["colRecoveryDomain"], ["colAverageChange", true]],
      recoveryDomains.map((domain) => [label("recoveryDomain", domain), signed(averageChange[domain])]));

    renderCharts(data, { workers, crisis, deadlines, averageChange, recoveryDomains });
  }

  function daysLeftOf(data, row) {
    return row.daysLeft ?? daysBetween(data.generatedAt, row.on);
  }

  /** The dictionary's order of the ten recovery domains, then any domain the dictionary does not know. */
  function orderedRecoveryDomains(averageChange) {
    const known = Object.keys(dictionaries.en.recoveryDomain);
    const present = Object.keys(averageChange);
    return known.filter((domain) => present.includes(domain)).concat(present.filter((domain) => !known.includes(domain)));
  }

  /**
   * Fills a table: a caption, column headers (th scope=col), one row per item whose first cell is its row header
   * (th scope=row). An empty list shows a sentence instead of an empty table.
   */
  function table(id, captionKey, columns, rows) {
    const element = byId(id);
    element.replaceChildren();
    const empty = element.parentElement.querySelector(".empty") || document.createElement("p");
    empty.className = "empty";
    empty.textContent = t("nothing");
    if (!empty.parentElement) element.parentElement.appendChild(empty);
    empty.hidden = rows.length > 0;
    element.hidden = rows.length === 0;

    const caption = document.createElement("caption");
    caption.className = "visually-hidden";
    caption.textContent = t(captionKey);
    element.appendChild(caption);

    const head = document.createElement("thead");
    const headRow = document.createElement("tr");
    columns.forEach(([key, numeric]) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = t(key);
      if (numeric) th.className = "numeric";
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    element.appendChild(head);

    const body = document.createElement("tbody");
    rows.forEach((cells) => {
      const tr = document.createElement("tr");
      cells.forEach((value, index) => {
        const cell = document.createElement(index === 0 ? "th" : "td");
        if (index === 0) cell.scope = "row";
        const [key, numeric] = columns[index] || [];
        if (numeric) cell.classList.add("numeric");
        if (ID_COLUMNS.has(key)) cell.classList.add("id");
        cell.textContent = value === null || value === undefined ? "—" : String(value);
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    element.appendChild(body);
  }

  // ---- charts --------------------------------------------------------------------------------------------------

  function destroyCharts() {
    Object.values(charts).forEach((chart) => chart.destroy());
    charts = {};
  }

  function showFigure(canvasId, visible) {
    byId(canvasId).closest("figure").hidden = !visible;
  }

  function renderCharts(data, parts) {
    destroyCharts();
    if (typeof window.Chart !== "function") return; // the tables still show everything
    const Chart = window.Chart;
    Chart.defaults.animation = false;
    Chart.defaults.color = COLOURS.text;
    Chart.defaults.borderColor = COLOURS.grid;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 13;
    Chart.defaults.maintainAspectRatio = false;

    const integerTicks = { precision: 0 };

    showFigure("workers-chart", parts.workers.length > 0);
    if (parts.workers.length > 0) {
      charts.workers = new Chart(byId("workers-chart"), {
        type: "bar",
        data: {
          labels: parts.workers.map((row) => row.worker),
          datasets: [{ label: t("colOpen"), data: parts.workers.map((row) => row.open), backgroundColor: COLOURS.blue }]
        },
        options: {
          plugins: { legend: { display: false } },
          scales: {
            x: { title: { display: true, text: t("colWorker") } },
            y: { beginAtZero: true, ticks: integerTicks, title: { display: true, text: t("colOpen") } }
          }
        }
      });
    }

    showFigure("crisis-chart", parts.crisis.length > 0);
    if (parts.crisis.length > 0) {
      charts.crisis = new Chart(byId("crisis-chart"), {
        type: "bar",
        data: {
          labels: parts.crisis.map((row) => shortId(row.caseId)),
          datasets: [{
            label: t("colHoursLeft"),
            data: parts.crisis.map((row) => row.hoursLeft),
            backgroundColor: parts.crisis.map((row) => (row.hoursLeft < 24 ? COLOURS.red : row.hoursLeft < 48 ? COLOURS.amber : COLOURS.blue))
          }]
        },
        options: {
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { label: (item) => `${number(item.raw, { maximumFractionDigits: 1 })} ${t("hoursUnit")}` } }
          },
          scales: {
            x: { title: { display: true, text: t("colCase") } },
            y: { beginAtZero: true, max: CRISIS_HOURS, title: { display: true, text: t("colHoursLeft") } }
          }
        }
      });
    }

    showFigure("deadlines-chart", parts.deadlines.length > 0);
    if (parts.deadlines.length > 0) {
      const kinds = Object.keys(dictionaries.en.deadlineKind)
        .filter((kind) => parts.deadlines.some((row) => row.kind === kind))
        .concat([...new Set(parts.deadlines.map((row) => row.kind))].filter((kind) => !(kind in dictionaries.en.deadlineKind)));
      const kindLabels = kinds.map((kind) => label("deadlineKind", kind));
      // "Today" as the API counted days left (the coalition's day), else the day of generatedAt.
      const anchor = parts.deadlines.find((row) => typeof row.daysLeft === "number");
      const origin = anchor ? Date.parse(String(anchor.on).slice(0, 10) + "T00:00:00Z") - anchor.daysLeft * 86400000
        : Date.parse(String(data.generatedAt).slice(0, 10) + "T00:00:00Z");
      const dateTick = new Intl.DateTimeFormat(words().locale, { month: "short", day: "numeric", timeZone: "UTC" });
      charts.deadlines = new Chart(byId("deadlines-chart"), {
        type: "scatter",
        data: {
          datasets: kinds.map((kind, index) => ({
            label: kindLabels[index],
            data: parts.deadlines.filter((row) => row.kind === kind)
              .map((row) => ({ x: daysLeftOf(data, row), y: kindLabels[index], caseId: row.caseId, on: row.on })),
            backgroundColor: KIND_COLOURS[index % KIND_COLOURS.length],
            borderColor: KIND_COLOURS[index % KIND_COLOURS.length],
            pointRadius: 7,
            pointHoverRadius: 9,
            pointStyle: ["circle", "rect", "triangle", "rectRot", "star"][index % 5]
          }))
        },
        options: {
          plugins: {
            legend: { position: "bottom" },
            tooltip: {
              callbacks: {
                label: (item) => `${shortId(item.raw.caseId)} · ${item.dataset.label} · ${day(item.raw.on)} (${number(item.raw.x)})`
              }
            }
          },
          scales: {
            x: {
              type: "linear",
              // Today on the axis whichever side the deadlines are on (passed ones are negative), whole days only.
              beginAtZero: true,
              title: { display: true, text: t("daysFromToday") },
              ticks: {
                precision: 0,
                callback: (value) => Number.isNaN(origin) ? number(value)
                  : `${number(value)} · ${dateTick.format(new Date(origin + value * 86400000))}`
              }
            },
            y: { type: "category", labels: kindLabels, offset: true, grid: { display: false } }
          }
        }
      });
    }

    showFigure("recovery-chart", parts.recoveryDomains.length > 0);
    if (parts.recoveryDomains.length > 0) {
      const values = parts.recoveryDomains.map((domain) => parts.averageChange[domain]);
      charts.recovery = new Chart(byId("recovery-chart"), {
        type: "bar",
        data: {
          labels: parts.recoveryDomains.map((domain) => label("recoveryDomain", domain)),
          datasets: [{
            label: t("colAverageChange"),
            data: values,
            backgroundColor: values.map((value) => (value < 0 ? COLOURS.red : COLOURS.green))
          }]
        },
        options: {
          indexAxis: "y",
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { label: (item) => signed(item.raw) } }
          },
          scales: {
            x: { title: { display: true, text: t("colAverageChange") }, ticks: { callback: (value) => signed(value) } }
          }
        }
      });
    }
  }

  // ---- development login ---------------------------------------------------------------------------------------

  async function offerDevelopmentLogin() {
    try {
      const response = await fetch(SETTINGS_URL, { cache: "no-store", credentials: "omit" });
      if (!response.ok) return;
      const settings = await response.json();
      byId("dev-login").hidden = settings.developmentLogin !== true;
    } catch {
      // No settings: no development login.
    }
  }

  async function developmentLogin() {
    try {
      const response = await fetch(DEV_TOKEN_URL, { cache: "no-store", credentials: "omit" });
      if (!response.ok) throw new Error(String(response.status));
      signIn((await response.json()).token);
    } catch {
      setError("errorDevLogin");
    }
  }

  // ---- start ---------------------------------------------------------------------------------------------------

  function safeStorage(action) {
    try {
      return action();
    } catch {
      return null; // storage disabled: the page still works for this visit
    }
  }

  function start() {
    byId("sign-in-form").addEventListener("submit", (event) => {
      event.preventDefault();
      signIn(byId("token").value);
    });
    byId("refresh-button").addEventListener("click", () => load(false));
    byId("sign-out-button").addEventListener("click", () => signOut());
    byId("dev-login-button").addEventListener("click", developmentLogin);
    document.querySelectorAll("[data-lang]").forEach((button) => {
      button.addEventListener("click", () => setLanguage(button.dataset.lang));
    });

    applyLanguage();
    offerDevelopmentLogin();
    document.body.dataset.state = storedToken() ? "loading" : "signed-out";
    if (storedToken()) load(false);
  }

  start();
})();

// The federation's dashboard: a partner's page over the public graph (POST /graphql), with no
// build step. Its documents are the trusted documents of static/dashboard/trusted-documents.json
// (./dev trusted-documents writes it from documents/*.graphql), sent exactly as listed, so the
// page also works where the service runs only trusted documents (YWX_SAFELIST).
// The filters and the language live in the URL (?district=&category=&since=&lang=), so a view
// can be shared; the sign-in token lives in sessionStorage (this tab only).
"use strict";

(() => {
  const MANIFEST = "/static/dashboard/trusted-documents.json";
  const TOKEN_KEY = "ywx.dashboard.token";
  const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  const PALETTE = ["#c2185b", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41"];

  const TEXT = {
    "zh-CN": {
      title: "益无限 · 供需数据看板",
      username: "用户名",
      password: "密码",
      signIn: "登录",
      signOut: "退出",
      signedInAs: "已登录：",
      district: "区",
      category: "资源类别",
      since: "起始日期",
      reset: "重置",
      all: "全部",
      everything: "全部记录",
      loading: "加载中…",
      failed: "加载失败：",
      scopeAll: "范围：全市",
      scopeSince: "自 {date} 起",
      demands: "需求",
      openDemands: "待满足需求",
      beneficiaries: "受益人数",
      unitsNeeded: "需求单位",
      unitsMatched: "已对接单位",
      unitsFulfilled: "已交付单位",
      unmetUnits: "未满足单位",
      resources: "资源",
      unitsAvailable: "可用供给单位",
      matchRate: "匹配率",
      supplyRatio: "供需比",
      supplyDemand: "各类别供需对比",
      funnel: "对接漏斗",
      funnelAll: "发起对接",
      funnelAccepted: "已接受（含完成）",
      funnelCompleted: "已完成",
      proposed: "待答复",
      accepted: "已接受",
      completed: "已完成",
      declined: "已拒绝",
      cancelled: "已取消",
      acceptanceRate: "接受率",
      completionRate: "完成率",
      meanResponseHours: "平均答复时长",
      hours: "{value} 小时",
      districts: "各区未满足需求",
      districtsNote: "颜色越深，未满足的需求单位越多",
      districtColumn: "区",
      trend: "月度趋势",
      trendDemands: "发布的需求（按类别）",
      noData: "暂无数据",
      source: "数据来自公开的 GraphQL 接口 /graphql",
      roles: {
        ADMIN: "管理员",
        SUPERVISOR: "监督员",
        HOME_MANAGER: "妇女之家管理员",
        ORG_MEMBER: "组织成员",
        SOCIAL_WORKER: "社工",
        VOLUNTEER: "志愿者",
      },
    },
    en: {
      title: "Yi Wuxian · Supply and demand dashboard",
      username: "Username",
      password: "Password",
      signIn: "Sign in",
      signOut: "Sign out",
      signedInAs: "Signed in: ",
      district: "District",
      category: "Category",
      since: "Since",
      reset: "Reset",
      all: "All",
      everything: "All records",
      loading: "Loading…",
      failed: "Could not load: ",
      scopeAll: "Scope: all of Beijing",
      scopeSince: "since {date}",
      demands: "Demands",
      openDemands: "Open demands",
      beneficiaries: "Beneficiaries",
      unitsNeeded: "Units needed",
      unitsMatched: "Units matched",
      unitsFulfilled: "Units delivered",
      unmetUnits: "Unmet units",
      resources: "Resources",
      unitsAvailable: "Units available",
      matchRate: "Match rate",
      supplyRatio: "Supply ratio",
      supplyDemand: "Supply against demand by category",
      funnel: "Engagement funnel",
      funnelAll: "Proposed",
      funnelAccepted: "Accepted (incl. completed)",
      funnelCompleted: "Completed",
      proposed: "Awaiting an answer",
      accepted: "Accepted",
      completed: "Completed",
      declined: "Declined",
      cancelled: "Cancelled",
      acceptanceRate: "Acceptance rate",
      completionRate: "Completion rate",
      meanResponseHours: "Mean time to answer",
      hours: "{value} h",
      districts: "Unmet demand by district",
      districtsNote: "The darker the row, the more units still needed",
      districtColumn: "District",
      trend: "Monthly trend",
      trendDemands: "Demands published, by category",
      noData: "No data",
      source: "Data from the public GraphQL API at /graphql",
      roles: {
        ADMIN: "administrator",
        SUPERVISOR: "supervisor",
        HOME_MANAGER: "home manager",
        ORG_MEMBER: "organization member",
        SOCIAL_WORKER: "social worker",
        VOLUNTEER: "volunteer",
      },
    },
  };

  // The graph names categories by enum value only; these are domain/labels.py's CATEGORY_LABELS
  // (tests/browser/test_dashboard.py checks that they agree), in the enum's order.
  const CATEGORIES = {
    FUNDING: { "zh-CN": "资金", en: "Funding" },
    PLANNING: { "zh-CN": "策划", en: "Planning" },
    PROJECT: { "zh-CN": "项目", en: "Project" },
    VENUE: { "zh-CN": "场地", en: "Venue" },
    MATERIAL: { "zh-CN": "物资", en: "Material" },
    PROFESSIONAL_SERVICE: { "zh-CN": "专业服务", en: "Professional service" },
    VOLUNTEER_POSITION: { "zh-CN": "志愿岗位", en: "Volunteer position" },
  };

  const FIGURES = [
    "demands",
    "openDemands",
    "unitsNeeded",
    "unitsMatched",
    "unmetUnits",
    "unitsAvailable",
    "matchRate",
    "supplyRatio",
  ];
  const RATES = new Set(["matchRate"]);
  const RATIOS = new Set(["supplyRatio"]);
  const DISTRICT_COLUMNS = [
    "demands",
    "openDemands",
    "unitsNeeded",
    "unitsMatched",
    "unmetUnits",
    "unitsAvailable",
    "supplyRatio",
  ];

  const $ = (selector) => document.querySelector(selector);
  const state = {
    language: "zh-CN",
    district: "",
    category: "",
    since: "",
    token: sessionStorage.getItem(TOKEN_KEY),
    viewer: null,
    documents: {},
    districts: [],
    insights: null,
    request: 0,
  };
  const charts = {};

  const t = (key, params) => {
    let text = TEXT[state.language][key];
    for (const [name, value] of Object.entries(params || {})) text = text.replace(`{${name}}`, value);
    return text;
  };
  const categoryName = (value) => CATEGORIES[value]?.[state.language] ?? value;
  const districtName = (district) => (state.language === "en" ? district.nameEn : district.name);
  const districtById = (id) => state.districts.find((district) => district.id === id);

  // Units still needed: what the graph's `unitsNeeded - unitsMatched` leaves, never below 0.
  const unmet = (balance) => Math.max(0, balance.unitsNeeded - balance.unitsMatched);

  function formatted(key, value) {
    if (value === null || value === undefined) return "—";
    const locale = state.language === "en" ? "en" : "zh-CN";
    if (RATES.has(key)) {
      return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
    }
    if (RATIOS.has(key)) return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
    return new Intl.NumberFormat(locale).format(value);
  }

  // ------------------------------------------------------------------ the graph

  async function graphql(name, variables) {
    const headers = {
      "content-type": "application/json",
      accept: "application/json",
      "accept-language": state.language,
    };
    if (state.token) headers.authorization = `Bearer ${state.token}`;
    const response = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query: state.documents[name], operationName: name, variables: variables || {} }),
    });
    if (response.status === 401 && state.token) {
      forget(); // the kept token expired: carry on anonymously
      return graphql(name, variables);
    }
    const body = await response.json();
    if (!body.data) throw new Error((body.errors || []).map((error) => error.message).join("; ") || response.status);
    return body.data;
  }

  async function loadDocuments() {
    const manifest = await (await fetch(MANIFEST)).json();
    for (const operation of manifest.operations) state.documents[operation.name] = operation.body;
  }

  function filter() {
    const value = {};
    if (state.district) value.district = state.district;
    if (state.category) value.category = state.category;
    if (state.since) value.since = `${state.since}T00:00:00+08:00`; // a day in Beijing
    return value;
  }

  async function refresh() {
    const request = ++state.request;
    $("#status").textContent = t("loading");
    document.body.dataset.loading = "true";
    try {
      const data = await graphql("DashboardInsights", { filter: filter() });
      if (request !== state.request) return; // a later filter change won
      state.insights = data.insights;
      $("#status").textContent = "";
      render();
    } catch (error) {
      if (request === state.request) $("#status").textContent = t("failed") + error.message;
    } finally {
      if (request === state.request) delete document.body.dataset.loading;
    }
  }

  // ------------------------------------------------------------------ the URL

  function readUrl() {
    const params = new URLSearchParams(location.search);
    state.language = params.get("lang") === "en" ? "en" : "zh-CN";
    state.district = params.get("district") || "";
    state.category = CATEGORIES[params.get("category")] ? params.get("category") : "";
    state.since = /^\d{4}-\d{2}-\d{2}$/.test(params.get("since") || "") ? params.get("since") : "";
  }

  function writeUrl() {
    const params = new URLSearchParams();
    if (state.district) params.set("district", state.district);
    if (state.category) params.set("category", state.category);
    if (state.since) params.set("since", state.since);
    if (state.language === "en") params.set("lang", "en");
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  // ------------------------------------------------------------------ rendering

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "dataset") Object.assign(node.dataset, value);
      else node[name] = value;
    }
    node.append(...children);
    return node;
  }

  function renderLabels() {
    document.documentElement.lang = state.language;
    document.title = t("title");
    for (const node of document.querySelectorAll("[data-text]")) node.textContent = t(node.dataset.text);
    for (const node of document.querySelectorAll("[data-placeholder]")) node.placeholder = t(node.dataset.placeholder);
    for (const button of document.querySelectorAll("[data-language]")) {
      button.setAttribute("aria-pressed", String(button.dataset.language === state.language));
    }
    renderFilters();
    renderViewer();
  }

  function renderFilters() {
    const districts = $("#filter-district");
    districts.replaceChildren(
      element("option", { value: "", textContent: t("all") }),
      ...state.districts.map((district) => element("option", { value: district.id, textContent: districtName(district) })),
    );
    districts.value = state.district;
    const categories = $("#filter-category");
    categories.replaceChildren(
      element("option", { value: "", textContent: t("all") }),
      ...Object.keys(CATEGORIES).map((value) => element("option", { value, textContent: categoryName(value) })),
    );
    categories.value = state.category;
    $("#filter-since").value = state.since;
    const parts = [];
    const district = districtById(state.district);
    parts.push(district ? districtName(district) : t("scopeAll"));
    if (state.category) parts.push(categoryName(state.category));
    if (state.since) parts.push(t("scopeSince", { date: state.since }));
    $("#scope").textContent = parts.join(" · ");
  }

  function renderViewer() {
    const signedIn = Boolean(state.viewer);
    $("#sign-in").hidden = signedIn;
    $("#signed-in").hidden = !signedIn;
    if (signedIn) {
      const roles = state.viewer.roles.map((role) => TEXT[state.language].roles[role] || role).join("、");
      $("#viewer").textContent = `${t("signedInAs")}${state.viewer.displayName}（${roles}）`;
    }
  }

  function render() {
    renderLabels();
    if (!state.insights) return;
    renderFigures(state.insights.total);
    renderCategories(state.insights.byCategory);
    renderFunnel(state.insights.engagementFunnel);
    renderDistricts(state.insights.byDistrict);
    renderTrend(state.insights.demandTrend);
  }

  function figure(key, value) {
    return element(
      "div",
      { className: "figure", dataset: { figure: key } },
      element("span", { className: "label", textContent: t(key) }),
      element("span", { className: "value", textContent: formatted(key, value), dataset: { value: JSON.stringify(value) } }),
    );
  }

  function renderFigures(total) {
    const values = { ...total, unmetUnits: unmet(total) };
    $("#figures").replaceChildren(...FIGURES.map((key) => figure(key, values[key])));
  }

  function chart(id) {
    charts[id] ??= echarts.init(document.getElementById(id), null, { renderer: "canvas" });
    return charts[id];
  }

  // Tooltips are drawn on the canvas (richText): ECharts' HTML tooltips carry inline style
  // attributes, which the page's Content-Security-Policy refuses.
  const common = () => ({
    textStyle: { fontFamily: FONT },
    color: PALETTE,
    tooltip: { trigger: "axis", renderMode: "richText" },
    animation: false,
  });

  function renderCategories(rows) {
    const series = ["unitsNeeded", "unitsMatched", "unitsAvailable"].map((key) => ({
      name: t(key),
      type: "bar",
      data: rows.map((row) => row[key]),
    }));
    chart("chart-categories").setOption(
      {
        ...common(),
        legend: { top: 0, textStyle: { fontFamily: FONT } },
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: rows.map((row) => categoryName(row.category)), axisLabel: { interval: 0, fontSize: 11, width: 64, overflow: "break" } },
        yAxis: { type: "value" },
        series,
      },
      true,
    );
  }

  function renderFunnel(funnel) {
    const all = funnel.proposed + funnel.accepted + funnel.completed + funnel.declined + funnel.cancelled;
    chart("chart-funnel").setOption(
      {
        ...common(),
        tooltip: { trigger: "item", renderMode: "richText" },
        series: [
          {
            type: "funnel",
            left: 4,
            right: 4,
            top: 8,
            bottom: 8,
            minSize: "20%",
            label: { position: "inside", formatter: "{b}\n{c}", fontFamily: FONT },
            data: [
              { name: t("funnelAll"), value: all },
              { name: t("funnelAccepted"), value: funnel.accepted + funnel.completed },
              { name: t("funnelCompleted"), value: funnel.completed },
            ],
          },
        ],
      },
      true,
    );
    const facts = ["proposed", "accepted", "completed", "declined", "cancelled", "acceptanceRate", "completionRate"].map((key) => [
      key,
      formatted(key.endsWith("Rate") ? "matchRate" : key, funnel[key]),
    ]);
    const hours = funnel.meanResponseHours;
    facts.push(["meanResponseHours", hours === null ? "—" : t("hours", { value: formatted("supplyRatio", hours) })]);
    $("#funnel").replaceChildren(
      ...facts.flatMap(([key, text]) => [
        element("dt", { textContent: t(key) }),
        element("dd", { textContent: text, dataset: { fact: key, value: JSON.stringify(funnel[key]) } }),
      ]),
    );
  }

  function renderDistricts(rows) {
    const sorted = [...rows].sort((a, b) => unmet(b) - unmet(a) || a.district.id.localeCompare(b.district.id));
    const most = Math.max(1, ...sorted.map(unmet));
    const head = element(
      "tr",
      {},
      element("th", { textContent: t("districtColumn") }),
      ...DISTRICT_COLUMNS.map((key) => element("th", { textContent: t(key) })),
    );
    const body = sorted.map((row) => {
      const district = districtById(row.district.id);
      const values = { ...row, unmetUnits: unmet(row) };
      const tr = element(
        "tr",
        { dataset: { district: row.district.id } },
        element("th", { scope: "row", textContent: district ? districtName(district) : row.district.id }),
        ...DISTRICT_COLUMNS.map((key) =>
          element("td", { textContent: formatted(key, values[key]), dataset: { column: key, value: JSON.stringify(values[key]) } }),
        ),
      );
      // The shade: the share of the most unmet district's units (a custom property, read by the CSS).
      tr.style.setProperty("--heat", (unmet(row) / most).toFixed(3));
      return tr;
    });
    $("#districts").replaceChildren(element("thead", {}, head), element("tbody", {}, ...body));
    if (!body.length) $("#districts").append(element("caption", { textContent: t("noData") }));
  }

  function renderTrend(rows) {
    const months = [...new Set(rows.map((row) => row.month))].sort();
    const categories = Object.keys(CATEGORIES).filter((category) => rows.some((row) => row.category === category));
    const series = categories.map((category) => ({
      name: categoryName(category),
      type: "bar",
      stack: "demands",
      data: months.map((month) => rows.find((row) => row.month === month && row.category === category)?.demands ?? 0),
    }));
    chart("chart-trend").setOption(
      {
        ...common(),
        title: { text: t("trendDemands"), left: 0, top: 0, textStyle: { fontSize: 13, fontWeight: "normal", fontFamily: FONT } },
        legend: { top: 0, right: 0, textStyle: { fontFamily: FONT } },
        grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: months },
        yAxis: { type: "value", minInterval: 1 },
        series,
      },
      true,
    );
  }

  // ------------------------------------------------------------------ signing in

  function forget() {
    state.token = null;
    state.viewer = null;
    sessionStorage.removeItem(TOKEN_KEY);
  }

  async function signIn(event) {
    event.preventDefault();
    const form = event.target;
    $("#sign-in-error").textContent = "";
    try {
      const { login } = await graphql("DashboardLogin", {
        input: { username: form.username.value, password: form.password.value },
      });
      if (!login.token) {
        $("#sign-in-error").textContent = login.userErrors.map((error) => error.message).join("; ");
        return;
      }
      state.token = login.token;
      state.viewer = login.viewer;
      sessionStorage.setItem(TOKEN_KEY, login.token);
      form.reset();
      renderViewer();
      await refresh();
    } catch (error) {
      $("#sign-in-error").textContent = t("failed") + error.message;
    }
  }

  async function signOut() {
    forget();
    renderViewer();
    await refresh();
  }

  // ------------------------------------------------------------------ start

  function changed(update) {
    update();
    writeUrl();
    renderFilters();
    refresh();
  }

  async function start() {
    readUrl();
    renderLabels();
    $("#sign-in").addEventListener("submit", signIn);
    $("#sign-out").addEventListener("click", signOut);
    for (const button of document.querySelectorAll("[data-language]")) {
      button.addEventListener("click", () => {
        state.language = button.dataset.language;
        writeUrl();
        render();
      });
    }
    $("#filter-district").addEventListener("change", (event) => changed(() => (state.district = event.target.value)));
    $("#filter-category").addEventListener("change", (event) => changed(() => (state.category = event.target.value)));
    $("#filter-since").addEventListener("change", (event) => changed(() => (state.since = event.target.value)));
    $("#filter-reset").addEventListener("click", () => changed(() => Object.assign(state, { district: "", category: "", since: "" })));
    window.addEventListener("resize", () => Object.values(charts).forEach((each) => each.resize()));
    try {
      await loadDocuments();
      const [{ districts }, viewer] = await Promise.all([
        graphql("DashboardDistricts"),
        state.token ? graphql("DashboardViewer") : Promise.resolve({ viewer: null }),
      ]);
      state.districts = districts.nodes;
      state.viewer = viewer.viewer;
      if (!state.viewer) forget();
      renderLabels();
    } catch (error) {
      $("#status").textContent = t("failed") + error.message;
      return;
    }
    await refresh();
  }

  start();
})();

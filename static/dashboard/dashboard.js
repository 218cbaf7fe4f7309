// The federation's dashboard: a partner's page over the public graph (POST /graphql), with no
// build step. Its documents are the trusted documents of static/dashboard/trusted-documents.json
// (./dev trusted-documents writes it from documents/*.graphql), sent exactly as listed, so the
// page also works where the service runs only trusted documents (YWX_SAFELIST).
// The filters, the view and the language live in the URL (?district=&category=&since=&party=
// &lang=), so a view can be shared; the sign-in token lives in sessionStorage (this tab only).
"use strict";

(() => {
  const MANIFEST = "/static/dashboard/trusted-documents.json";
  const TOKEN_KEY = "ywx.dashboard.token";
  const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  const PALETTE = ["#c2185b", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41"];
  const STAFF = new Set(["ADMIN", "SUPERVISOR"]);

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
      view: "视角",
      federation: "全联合会",
      own: "本单位：{name}",
      findParty: "查找妇女之家或组织",
      all: "全部",
      loading: "加载中…",
      failed: "加载失败：",
      scopeAll: "全市",
      scopeSince: "自 {date} 起",
      demands: "需求",
      openDemands: "待满足需求",
      unitsNeeded: "需求单位",
      unitsMatched: "已对接单位",
      unmetUnits: "未满足单位",
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
      hotSpots: "未满足需求热点（类别 × 区）",
      hotSpotsNote: "每格为该区该类别尚未对接的需求单位",
      districts: "各区未满足需求与诉求答复",
      districtsNote: "颜色越深，未满足的需求单位越多",
      districtColumn: "区",
      appeals: "诉求",
      repliedWithin24HoursRate: "24小时答复率",
      medianHoursToFirstReply: "首次答复中位时长（小时）",
      timeToMatch: "对接与完成用时（小时）",
      timeToMatchNote: "中位数与第 90 百分位，按类别",
      medianHoursToMatch: "对接用时中位数",
      p90HoursToMatch: "对接用时 P90",
      medianHoursToFulfil: "完成用时中位数",
      p90HoursToFulfil: "完成用时 P90",
      replyRate: "诉求 24 小时答复率（按区）",
      replyRateNote: "“24 小时在线妇女之家”的承诺：提交后 24 小时内得到首次答复的诉求占比",
      trend: "月度趋势",
      demandsPublished: "发布需求",
      resourcesPublished: "发布资源",
      engagementsCompleted: "完成对接",
      volunteerHours: "志愿服务时长（小时）",
      oversight: "监管视图（工作人员）",
      complaints: "已结案投诉（按结果）",
      reputation: "服务方信誉分布",
      providers: "服务方",
      outcomes: { UPHELD: "属实", DISMISSED: "不属实", RESOLVED: "已调解" },
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
      view: "View",
      federation: "The whole federation",
      own: "My own: {name}",
      findParty: "Find a home or organization",
      all: "All",
      loading: "Loading…",
      failed: "Could not load: ",
      scopeAll: "All of Beijing",
      scopeSince: "since {date}",
      demands: "Demands",
      openDemands: "Open demands",
      unitsNeeded: "Units needed",
      unitsMatched: "Units matched",
      unmetUnits: "Unmet units",
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
      hotSpots: "Hot spots of unmet demand (category × district)",
      hotSpotsNote: "Each cell: the units still needed in that district and category",
      districts: "Unmet demand and appeal replies by district",
      districtsNote: "The darker the row, the more units still needed",
      districtColumn: "District",
      appeals: "Appeals",
      repliedWithin24HoursRate: "Replied within 24 h",
      medianHoursToFirstReply: "Median hours to first reply",
      timeToMatch: "Time to match and to fulfil (hours)",
      timeToMatchNote: "Median and 90th percentile, by category",
      medianHoursToMatch: "Median to match",
      p90HoursToMatch: "P90 to match",
      medianHoursToFulfil: "Median to fulfil",
      p90HoursToFulfil: "P90 to fulfil",
      replyRate: "Appeals replied within 24 hours, by district",
      replyRateNote: 'The "24-hour online women\'s home" promise: the share of appeals with a first reply within 24 hours',
      trend: "Monthly trend",
      demandsPublished: "Demands published",
      resourcesPublished: "Resources published",
      engagementsCompleted: "Engagements completed",
      volunteerHours: "Volunteer hours",
      oversight: "Oversight (staff)",
      complaints: "Closed complaints by outcome",
      reputation: "Providers by reputation score",
      providers: "Providers",
      outcomes: { UPHELD: "Upheld", DISMISSED: "Dismissed", RESOLVED: "Resolved" },
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

  const FIGURES = ["demands", "openDemands", "unitsNeeded", "unitsMatched", "unmetUnits", "unitsAvailable", "matchRate", "supplyRatio"];
  const DISTRICT_COLUMNS = [
    "demands",
    "openDemands",
    "unitsNeeded",
    "unitsMatched",
    "unmetUnits",
    "unitsAvailable",
    "supplyRatio",
    "appeals",
    "repliedWithin24HoursRate",
    "medianHoursToFirstReply",
  ];
  const TIMINGS = ["medianHoursToMatch", "p90HoursToMatch", "medianHoursToFulfil", "p90HoursToFulfil"];
  const RATES = new Set(["matchRate", "acceptanceRate", "completionRate", "repliedWithin24HoursRate"]);
  const DECIMALS = new Set(["supplyRatio", "meanResponseHours", "medianHoursToFirstReply", ...TIMINGS]);

  const $ = (selector) => document.querySelector(selector);
  const state = {
    language: "zh-CN",
    district: "",
    category: "",
    since: "",
    party: "", // a home's or organization's global id: its own figures (Home.insights, Organization.insights)
    parties: [], // the ones a staff search found
    token: sessionStorage.getItem(TOKEN_KEY),
    viewer: null,
    documents: {},
    districts: [],
    insights: null,
    partyShown: null, // the home or organization whose figures are shown
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
  const districtLabel = (id) => (districtById(id) ? districtName(districtById(id)) : id);
  const isStaff = () => Boolean(state.viewer?.roles.some((role) => STAFF.has(role)));
  const ownParty = () => {
    const participant = state.viewer?.participant;
    return participant && ["Home", "Organization"].includes(participant.__typename) ? participant : null;
  };

  function formatted(key, value) {
    if (value === null || value === undefined) return "—";
    const locale = state.language === "en" ? "en" : "zh-CN";
    if (RATES.has(key)) {
      return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
    }
    if (DECIMALS.has(key)) return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
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
    if (body.errors?.length) throw new Error(body.errors.map((error) => error.message).join("; "));
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

  async function fetchInsights() {
    if (!state.party) return { insights: (await graphql("DashboardInsights", { filter: filter() })).insights, party: null };
    const { node } = await graphql("DashboardPartyInsights", { party: state.party, filter: filter() });
    if (!node) throw new Error(state.party);
    return { insights: node.insights, party: node };
  }

  async function refresh() {
    const request = ++state.request;
    $("#status").textContent = t("loading");
    document.body.dataset.loading = "true";
    try {
      const { insights, party } = await fetchInsights();
      if (request !== state.request) return; // a later change won
      state.insights = insights;
      state.partyShown = party;
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
    state.party = params.get("party") || "";
  }

  function writeUrl() {
    const params = new URLSearchParams();
    for (const key of ["district", "category", "since", "party"]) if (state[key]) params.set(key, state[key]);
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

  // A value shown as text, carrying the graph's raw value beside it (for tests and tools).
  const valued = (tag, key, value, attributes) =>
    element(tag, { ...attributes, textContent: formatted(key, value), dataset: { ...attributes?.dataset, value: JSON.stringify(value ?? null) } });

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

  function options(select, choices, value) {
    select.replaceChildren(...choices.map(([key, label]) => element("option", { value: key, textContent: label })));
    select.value = value;
  }

  function renderFilters() {
    options(
      $("#filter-district"),
      [["", t("all")], ...state.districts.map((district) => [district.id, districtName(district)])],
      state.district,
    );
    options($("#filter-category"), [["", t("all")], ...Object.keys(CATEGORIES).map((key) => [key, categoryName(key)])], state.category);
    $("#filter-since").value = state.since;
    const parties = [["", t("federation")]];
    const own = ownParty();
    if (own) parties.push([own.id, t("own", { name: own.name })]);
    for (const party of [...state.parties, state.partyShown].filter(Boolean)) {
      if (!parties.some(([id]) => id === party.id)) parties.push([party.id, party.name]);
    }
    options($("#filter-party"), parties, state.party);
    $("#party-filter").hidden = !(own || isStaff());
    $("#party-search").hidden = !isStaff();
    const scope = [state.partyShown ? state.partyShown.name : state.district ? districtLabel(state.district) : t("scopeAll")];
    if (state.partyShown && state.district) scope.push(districtLabel(state.district));
    if (state.category) scope.push(categoryName(state.category));
    if (state.since) scope.push(t("scopeSince", { date: state.since }));
    $("#scope").textContent = scope.join(" · ");
  }

  function renderViewer() {
    const signedIn = Boolean(state.viewer);
    $("#sign-in").hidden = signedIn;
    $("#signed-in").hidden = !signedIn;
    $("#oversight").hidden = !isStaff();
    if (signedIn) {
      const roles = state.viewer.roles.map((role) => TEXT[state.language].roles[role] || role).join("、");
      $("#viewer").textContent = `${t("signedInAs")}${state.viewer.displayName}（${roles}）`;
    }
  }

  function render() {
    renderLabels();
    const insights = state.insights;
    if (!insights) return;
    renderFigures(insights.total);
    renderCategories(insights.byCategory);
    renderFunnel(insights.engagementFunnel);
    renderHotSpots(insights.byCategoryAndDistrict);
    renderDistricts(insights.byDistrict, insights.appealReplies);
    renderTimings(insights.timeToMatch);
    renderReplies(insights.appealReplies);
    renderTrend(insights.monthlyTrend);
    if (isStaff()) {
      renderComplaints(insights.complaintsByOutcome);
      renderReputation(insights.reputationDistribution);
    }
  }

  function renderFigures(total) {
    $("#figures").replaceChildren(
      ...FIGURES.map((key) =>
        element(
          "div",
          { className: "figure", dataset: { figure: key } },
          element("span", { className: "label", textContent: t(key) }),
          valued("span", key, total[key], { className: "value" }),
        ),
      ),
    );
  }

  function chart(id) {
    charts[id] ??= echarts.init(document.getElementById(id), null, { renderer: "canvas" });
    return charts[id];
  }

  // Tooltips are drawn on the canvas (richText): ECharts' HTML tooltips carry inline style
  // attributes, which the page's Content-Security-Policy refuses.
  const base = (extra) => ({
    textStyle: { fontFamily: FONT },
    color: PALETTE,
    animation: false,
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { top: 0, textStyle: { fontFamily: FONT } },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    ...extra,
  });
  const draw = (id, option) => chart(id).setOption(option, true);
  const categoryAxis = (data) => ({ type: "category", data, axisLabel: { interval: 0, fontSize: 11, width: 64, overflow: "break" } });

  function renderCategories(rows) {
    draw(
      "chart-categories",
      base({
        xAxis: categoryAxis(rows.map((row) => categoryName(row.category))),
        yAxis: { type: "value" },
        series: ["unitsNeeded", "unitsMatched", "unitsAvailable"].map((key) => ({
          name: t(key),
          type: "bar",
          data: rows.map((row) => row[key]),
        })),
      }),
    );
  }

  function renderFunnel(funnel) {
    const all = funnel.proposed + funnel.accepted + funnel.completed + funnel.declined + funnel.cancelled;
    draw(
      "chart-funnel",
      base({
        tooltip: { trigger: "item", renderMode: "richText" },
        legend: { show: false },
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
      }),
    );
    const keys = ["proposed", "accepted", "completed", "declined", "cancelled", "acceptanceRate", "completionRate", "meanResponseHours"];
    $("#funnel").replaceChildren(
      ...keys.flatMap((key) => {
        const value = valued("dd", key, funnel[key], { dataset: { fact: key } });
        if (key === "meanResponseHours" && funnel[key] !== null) value.textContent = t("hours", { value: value.textContent });
        return [element("dt", { textContent: t(key) }), value];
      }),
    );
  }

  function renderHotSpots(rows) {
    const districts = state.districts.filter((district) => rows.some((row) => row.district.id === district.id));
    const categories = Object.keys(CATEGORIES);
    const data = rows.map((row) => [
      districts.findIndex((district) => district.id === row.district.id),
      categories.indexOf(row.category),
      row.unmetUnits,
    ]);
    draw(
      "chart-hot-spots",
      base({
        tooltip: { trigger: "item", renderMode: "richText" },
        legend: { show: false },
        grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
        xAxis: { type: "category", data: districts.map(districtName), axisLabel: { interval: 0, fontSize: 11, rotate: state.language === "en" ? 30 : 0 } },
        yAxis: { type: "category", inverse: true, data: categories.map(categoryName), axisLabel: { fontSize: 11 } },
        visualMap: {
          min: 0,
          max: Math.max(1, ...rows.map((row) => row.unmetUnits)),
          calculable: true,
          orient: "horizontal",
          left: "center",
          bottom: 0,
          itemHeight: 200,
          inRange: { color: ["#fdf2f6", "#f48fb1", "#ad1457"] },
          textStyle: { fontFamily: FONT },
        },
        series: [{ type: "heatmap", data, label: { show: true, fontSize: 10 } }],
      }),
    );
  }

  function renderDistricts(rows, replies) {
    const reply = Object.fromEntries(replies.map((row) => [row.district.id, row]));
    const sorted = [...rows].sort((a, b) => b.unmetUnits - a.unmetUnits || a.district.id.localeCompare(b.district.id));
    const most = Math.max(1, ...sorted.map((row) => row.unmetUnits));
    const head = element(
      "tr",
      {},
      element("th", { textContent: t("districtColumn") }),
      ...DISTRICT_COLUMNS.map((key) => element("th", { textContent: t(key) })),
    );
    const body = sorted.map((row) => {
      const values = { ...row, ...reply[row.district.id] };
      const tr = element(
        "tr",
        { dataset: { district: row.district.id } },
        element("th", { scope: "row", textContent: districtLabel(row.district.id) }),
        ...DISTRICT_COLUMNS.map((key) => valued("td", key, values[key] ?? (key === "appeals" ? 0 : null), { dataset: { column: key } })),
      );
      // The shade: the share of the most unmet district's units (a custom property, read by the CSS).
      tr.style.setProperty("--heat", (row.unmetUnits / most).toFixed(3));
      return tr;
    });
    $("#districts").replaceChildren(element("thead", {}, head), element("tbody", {}, ...body));
    if (!body.length) $("#districts").append(element("caption", { textContent: t("noData") }));
  }

  function renderTimings(rows) {
    draw(
      "chart-timings",
      base({
        tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: (value) => formatted("p90HoursToMatch", value) },
        xAxis: categoryAxis(rows.map((row) => categoryName(row.category))),
        yAxis: { type: "value" },
        series: TIMINGS.map((key) => ({
          name: t(key),
          type: "bar",
          data: rows.map((row) => row[key]),
        })),
      }),
    );
  }

  function renderReplies(rows) {
    const sorted = [...rows].sort((a, b) => (b.repliedWithin24HoursRate ?? -1) - (a.repliedWithin24HoursRate ?? -1));
    draw(
      "chart-replies",
      base({
        legend: { show: false },
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", max: 1, axisLabel: { formatter: (value) => `${Math.round(value * 100)}%` } },
        yAxis: { type: "category", inverse: true, data: sorted.map((row) => districtLabel(row.district.id)), axisLabel: { fontSize: 11 } },
        series: [
          {
            name: t("repliedWithin24HoursRate"),
            type: "bar",
            data: sorted.map((row) => row.repliedWithin24HoursRate),
            label: { show: true, position: "right", formatter: ({ value }) => formatted("repliedWithin24HoursRate", value) },
          },
        ],
      }),
    );
  }

  function renderTrend(rows) {
    const counts = ["demandsPublished", "resourcesPublished", "engagementsCompleted"];
    draw(
      "chart-trend",
      base({
        xAxis: { type: "category", data: rows.map((row) => row.month) },
        yAxis: [
          { type: "value", minInterval: 1 },
          { type: "value", splitLine: { show: false } }, // volunteer hours (the bars; named in the legend)
        ],
        series: [
          {
            name: t("volunteerHours"),
            type: "bar",
            yAxisIndex: 1,
            itemStyle: { color: "#f8bbd0" },
            data: rows.map((row) => row.volunteerHours),
          },
          ...counts.map((key) => ({ name: t(key), type: "line", data: rows.map((row) => row[key]) })),
        ],
      }),
    );
  }

  function renderComplaints(rows) {
    draw(
      "chart-complaints",
      base({
        tooltip: { trigger: "item", renderMode: "richText" },
        series: [
          {
            type: "pie",
            radius: ["35%", "65%"],
            top: 24,
            label: { formatter: "{b}: {c}", fontFamily: FONT },
            data: rows.map((row) => ({ name: TEXT[state.language].outcomes[row.outcome] ?? row.outcome, value: row.complaints })),
          },
        ],
      }),
    );
  }

  function renderReputation(rows) {
    draw(
      "chart-reputation",
      base({
        legend: { show: false },
        xAxis: { type: "category", data: rows.map((row) => `${row.lowerBound}–${row.upperBound}`) },
        yAxis: { type: "value", minInterval: 1, name: t("providers"), nameTextStyle: { fontFamily: FONT } },
        series: [{ name: t("providers"), type: "bar", data: rows.map((row) => row.providers) }],
      }),
    );
  }

  // ------------------------------------------------------------------ signing in

  function forget() {
    state.token = null;
    state.viewer = null;
    state.party = "";
    state.parties = [];
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
      renderLabels();
      await refresh();
    } catch (error) {
      $("#sign-in-error").textContent = t("failed") + error.message;
    }
  }

  async function signOut() {
    forget();
    writeUrl();
    renderLabels();
    await refresh();
  }

  async function findParties(event) {
    const search = event.target.value.trim();
    if (!search) return;
    const { homes, organizations } = await graphql("DashboardParties", { search });
    state.parties = [...homes.nodes, ...organizations.nodes];
    renderFilters();
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
    $("#filter-party").addEventListener("change", (event) => changed(() => (state.party = event.target.value)));
    $("#party-search").addEventListener("change", (event) => findParties(event).catch((error) => ($("#status").textContent = t("failed") + error.message)));
    $("#filter-reset").addEventListener("click", () => changed(() => Object.assign(state, { district: "", category: "", since: "", party: "" })));
    window.addEventListener("resize", () => Object.values(charts).forEach((each) => each.resize()));
    try {
      await loadDocuments();
      const [{ districts }, viewer] = await Promise.all([
        graphql("DashboardDistricts"),
        state.token ? graphql("DashboardViewer") : Promise.resolve({ viewer: null }),
      ]);
      state.districts = districts.nodes;
      state.viewer = viewer.viewer;
      if (!state.viewer) forget(); // a view of one home or organization needs a signed-in viewer
      writeUrl();
      renderLabels();
    } catch (error) {
      $("#status").textContent = t("failed") + error.message;
      return;
    }
    await refresh();
  }

  start();
})();

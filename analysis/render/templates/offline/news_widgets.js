/* The report's one init script (analysis/render/templates/offline): builds tables and charts.
 *
 * Payloads (JSON) and library code (gzip + base64) sit in <script data-na-...> elements, which
 * corpus text cannot forge (the safe-HTML filter escapes script elements and drops data-
 * attributes). Library code is decompressed by the browser and started from blob: URLs, so it
 * never passes through the HTML parser. Corpus text reaches the page only as text: DataTables' text renderer, textContent,
 * BokehJS tooltips from (label, "@field") pairs, which it escapes. When all widgets are drawn (or
 * failed, with a message in their box) <html> gets data-na-ready, which the browser tests wait for.
 */
(function () {
  "use strict";
  const JSON_SCRIPT = 'script[type="application/json"]';
  const loaded = {};

  /* gzip + base64 text (a library, a table's rows, its CSV) → its text, by the browser's own gunzip. */
  async function unpackText(b64) {
    const bytes = Uint8Array.from(atob(b64.trim()), function (c) { return c.charCodeAt(0); });
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  }

  /* A library asset: gzip + base64 in <script type="application/gzip-base64" data-na-asset>. */
  async function assetUrl(id) {
    const el = document.querySelector('script[type="application/gzip-base64"][data-na-asset="' + id + '"]');
    if (!el) throw new Error("report asset missing: " + id);
    const code = await unpackText(el.textContent);
    return URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  }

  function load(id, kind) {
    if (!loaded[id]) {
      loaded[id] = assetUrl(id).then(function (url) {
        return kind === "module" ? import(url) : new Promise(function (resolve, reject) {
          const s = document.createElement("script");
          s.src = url;
          s.onload = resolve;
          s.onerror = function () { reject(new Error("could not start " + id)); };
          document.head.appendChild(s);
        });
      });
    }
    return loaded[id];
  }

  function payloadOf(el) {
    return JSON.parse(el.querySelector(JSON_SCRIPT + "[data-na-payload]").textContent);
  }

  function showError(el, err) {
    const p = document.createElement("p");
    p.className = "na-error";
    p.textContent = "This " + el.dataset.naWidget + " could not be drawn: " + (err && err.message || err);
    el.appendChild(p);
    console.error(err);
  }

  /* Same rule as analysis.reports.widgets.safe_href: relative, #anchor or http(s) only. */
  function safeHref(href) {
    if (typeof href !== "string" || !href || href.indexOf("//") === 0 || /[\\\s\0]/.test(href)) return null;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href);
    return !scheme || /^https?$/i.test(scheme[1]) ? href : null;
  }

  function escapeAttr(s) {
    return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* Orthogonal data: a cell shows its formatted text and sorts by its number (data.sort). */
  function columnSpec(DataTable, data, c, j) {
    const text = DataTable.render.text();
    const keys = data.sort[String(j)];
    const links = data.links[String(j)];
    const marks = data.marks[String(j)];
    const marked = marks && {
      display: function (d, type, row) {
        const m = marks[row.i];
        if (!m) return text.display(d);
        return text.display(d.slice(0, m[0])) + "<mark>" + text.display(d.slice(m[0], m[1])) + "</mark>" +
          text.display(d.slice(m[1]));
      },
      filter: text.filter,
    };
    const render = marked ? marked : !links ? text : {
      display: function (d, type, row) {
        const href = safeHref(links[row.i]);
        const label = text.display(d);
        return href ? '<a href="' + escapeAttr(href) + '">' + label + "</a>" : label;
      },
      filter: text.filter,
    };
    return {
      data: function (row, type) {
        if (keys && (type === "sort" || type === "type")) return keys[row.i] === null ? -Infinity : keys[row.i];
        return row.c[j];
      },
      render: render,
      type: keys ? "num" : "string",
      className: c.numeric ? "na-num" : "na-text",
    };
  }

  /* Every row: the packed CSV as a blob: URL, or the side file the renderer wrote beside the page. */
  async function csvLink(el, p) {
    const a = document.createElement("a");
    if (p.csv) {
      const text = await unpackText(p.csv);
      a.href = URL.createObjectURL(new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" }));
    } else {
      const href = safeHref(p.csv_href);
      if (!href) return;
      a.href = href;
    }
    a.download = p.name + ".csv";
    a.textContent = "Download CSV (all " + p.csv_rows.toLocaleString("en") + " rows)";
    el.querySelector(".na-download").appendChild(a);
  }

  async function buildTable(el, DataTable) {
    const p = payloadOf(el);
    const data = JSON.parse(await unpackText(p.data));
    const table = document.createElement("table");
    table.className = "display compact";
    const head = table.createTHead().insertRow();
    p.columns.forEach(function (c) {
      const th = document.createElement("th");
      th.textContent = c.title;
      th.scope = "col";
      head.appendChild(th);
    });
    el.querySelector(".na-table-body").appendChild(table);
    new DataTable(table, {
      data: data.rows.map(function (r, i) { return { i: i, c: r }; }),
      columns: p.columns.map(function (c, j) { return columnSpec(DataTable, data, c, j); }),
      order: [],
      autoWidth: false,
      deferRender: true,
      paging: data.rows.length > 10,
      pageLength: 10,
      lengthMenu: [10, 25, 50, 100],
      language: {
        info: "Rows _START_ to _END_ of _TOTAL_",
        infoEmpty: "No rows",
        infoFiltered: "(filtered from _MAX_)",
        lengthMenu: "_MENU_ rows per page",
        zeroRecords: "No matching rows",
        emptyTable: "No rows",
      },
    });
    await csvLink(el, p);
  }

  async function tables(els) {
    let DataTable;
    try {
      DataTable = (await load("na-asset-datatables", "module")).default;
    } catch (err) {
      els.forEach(function (el) { showError(el, err); });
      return;
    }
    await Promise.all(els.map(function (el) {
      return buildTable(el, DataTable).catch(function (err) { showError(el, err); });
    }));
  }

  async function charts(els) {
    try {
      await load("na-asset-bokeh", "script");
      if (document.querySelector('script[data-na-asset="na-asset-bokeh-widgets"]')) {
        await load("na-asset-bokeh-widgets", "script");  /* sliders: after BokehJS, which they extend */
      }
      window.Bokeh.set_log_level("warn");
    } catch (err) {
      els.forEach(function (el) { showError(el, err); });
      return;
    }
    for (const el of els) {
      try {
        await window.Bokeh.embed.embed_item(JSON.parse(payloadOf(el).item), el.querySelector(".na-chart-body"));
      } catch (err) {
        showError(el, err);
      }
    }
  }

  const tableEls = Array.from(document.querySelectorAll('[data-na-widget="table"]'));
  const chartEls = Array.from(document.querySelectorAll('[data-na-widget="chart"]'));
  Promise.all([tableEls.length ? tables(tableEls) : null, chartEls.length ? charts(chartEls) : null])
    .finally(function () { document.documentElement.setAttribute("data-na-ready", "1"); });
})();

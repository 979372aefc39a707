/* fazhi-qa web chat: plain JavaScript, no build step, no third-party code.
 *
 * SECURITY: every piece of text that comes from the API (answers, passages, titles, headings,
 * error messages) is put into the page with textContent / createTextNode. Never innerHTML.
 */
(function () {
  "use strict";

  var TOKEN_KEY = "fazhi-qa.token";
  var TOP_K = 5;
  var CONTEXT = 2;
  var MAX_MESSAGES = 20; // the service's default FAZHI_MAX_MESSAGES
  var MAX_ASSISTANT_CHARS = 4000; // earlier answers are sent back; keep them well under the limit
  var TIMEOUT_MS = 60000;

  var state = {
    messages: [], // [{role, content}] of completed turns, oldest first
    busy: false,
    turn: 0,
    generation: 0, // bumped by "新对话": late responses of an old conversation are dropped
    controller: null,
    retry: null, // what to run again after a token is entered
    documentsLoaded: false,
  };

  var els = {};

  // -- small DOM helpers -------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "className") node.className = value;
        else if (key === "text") node.textContent = String(value);
        else if (key === "hidden") node.hidden = true;
        else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function str(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function isInt(value) {
    return typeof value === "number" && isFinite(value) && Math.floor(value) === value;
  }

  /** Text with <mark>s at the highlight offsets (Python offsets count code points). */
  function highlighted(text, highlights) {
    var frag = document.createDocumentFragment();
    text = str(text);
    var chars = Array.from(text);
    var spans = (Array.isArray(highlights) ? highlights : [])
      .filter(function (h) {
        return h && isInt(h.start) && isInt(h.end) && h.start >= 0 && h.start < h.end &&
          h.end <= chars.length;
      })
      .slice()
      .sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    var pos = 0;
    spans.forEach(function (h) {
      if (h.start < pos) return; // overlapping: keep the first
      if (h.start > pos) frag.appendChild(document.createTextNode(chars.slice(pos, h.start).join("")));
      var mark = el("mark", { text: chars.slice(h.start, h.end).join("") });
      if (h.term) mark.title = "匹配：" + str(h.term);
      frag.appendChild(mark);
      pos = h.end;
    });
    if (pos < chars.length) frag.appendChild(document.createTextNode(chars.slice(pos).join("")));
    return frag;
  }

  function headingText(path) {
    return Array.isArray(path) ? path.map(str).filter(Boolean).join(" › ") : str(path);
  }

  function compact(text) {
    return str(text).replace(/[\s?？。.!！,，]/g, "");
  }

  function scrollIntoView(node, block) {
    if (!node || !node.scrollIntoView) return;
    // keep clear of the sticky header and of the fixed input box at the bottom
    var header = document.querySelector(".topbar");
    var composer = document.querySelector(".composer-wrap");
    node.style.scrollMarginTop = ((header && header.offsetHeight) || 0) + 12 + "px";
    node.style.scrollMarginBottom = ((composer && composer.offsetHeight) || 0) + 12 + "px";
    node.scrollIntoView({ block: block || "nearest" });
  }

  function isChinese(text) {
    return /[\u3400-\u9fff]/.test(str(text));
  }

  /** The no-answer reason's message (an object {code, message, params}; a plain string from an
   * older service). */
  function reasonText(reason) {
    if (reason && typeof reason === "object") return str(reason.message);
    return str(reason);
  }

  /** "《标题》 › 一、… › （二）… 第8段": how staff cite a passage in a document. */
  function citationText(hit) {
    var parts = ["《" + (str(hit.title) || str(hit.source)) + "》"];
    (Array.isArray(hit.heading_path) ? hit.heading_path : []).forEach(function (h) {
      if (str(h)) parts.push(str(h));
    });
    var text = parts.join(" › ");
    return isInt(hit.paragraph) ? text + " 第" + hit.paragraph + "段" : text;
  }

  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByTextarea(text); });
    }
    return Promise.resolve(copyByTextarea(text));
  }

  function copyByTextarea(text) {
    var area = el("textarea", { className: "visually-hidden", "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try {
      document.execCommand("copy");
    } finally {
      area.remove();
    }
  }

  /** One answer with its citations as Markdown. */
  function answerMarkdown(result, question) {
    var lines = ["# " + str(question), ""];
    if (result.answerable === true && str(result.answer)) {
      str(result.answer).split("\n").forEach(function (line) { lines.push("> " + line); });
    } else {
      var title = isTentative(result) ? "可能相关（未给出答案）" : "报告中未找到答案";
      lines.push("> " + title + (result.reason ? "：" + reasonText(result.reason) : ""));
    }
    (Array.isArray(result.notes) ? result.notes : []).forEach(function (note) {
      lines.push("", "注：" + reasonText(note));
    });
    var hits = Array.isArray(result.citations) ? result.citations : [];
    if (hits.length) lines.push("", "## 引用", "");
    hits.forEach(function (hit, i) {
      var span = isInt(hit.start) && isInt(hit.end) ? "（字符 " + hit.start + "–" + hit.end + "）" : "";
      lines.push((i + 1) + ". " + citationText(hit) + span, "", "   > " + str(hit.text), "");
    });
    return lines.join("\n") + "\n";
  }

  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
    var link = el("a", { href: url, download: name, hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // -- API ---------------------------------------------------------------------------------
  function ApiError(status, code, message, details) {
    this.status = status;
    this.code = code;
    this.message = message;
    this.details = details;
  }

  function token() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || "";
    } catch (e) {
      return "";
    }
  }

  function api(path, options) {
    options = options || {};
    var headers = { Accept: "application/json" };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    var t = token();
    if (t) headers.Authorization = "Bearer " + t;
    var controller = new AbortController();
    if (options.signal) {
      if (options.signal.aborted) controller.abort();
      options.signal.addEventListener("abort", function () { controller.abort(); });
    }
    var timedOut = false;
    var timer = setTimeout(function () { timedOut = true; controller.abort(); }, TIMEOUT_MS);
    return fetch(path, {
      method: options.method || "GET",
      headers: headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
      credentials: "same-origin",
    })
      .then(
        function (response) {
          return response.text().then(function (raw) {
            var data = null;
            try {
              data = raw ? JSON.parse(raw) : null;
            } catch (e) {
              data = null;
            }
            if (response.ok) {
              if (data === null) {
                throw new ApiError(response.status, "bad_response", "服务器返回的不是 JSON。", {});
              }
              return data;
            }
            var err = data && data.error ? data.error : {};
            throw new ApiError(
              response.status,
              str(err.code) || "http_" + response.status,
              str(err.message) || "请求失败（HTTP " + response.status + " " + response.statusText + "）",
              err.details || {}
            );
          });
        },
        function (error) {
          if (error && error.name === "AbortError") {
            if (timedOut) throw new ApiError(0, "timeout", "请求超时，请稍后再试。", {});
            throw new ApiError(0, "aborted", "请求已取消。", {});
          }
          throw new ApiError(0, "network_error", "无法连接服务器：" + str(error && error.message), {});
        }
      )
      .finally(function () { clearTimeout(timer); });
  }

  // -- token -------------------------------------------------------------------------------
  function askForToken(message, retry) {
    state.retry = retry || null;
    els.tokenMessage.textContent = message || "";
    els.tokenPanel.hidden = false;
    els.tokenInput.focus();
  }

  function saveToken(event) {
    event.preventDefault();
    var value = els.tokenInput.value.trim();
    if (!value) return;
    try {
      sessionStorage.setItem(TOKEN_KEY, value);
    } catch (e) {
      /* storage disabled: the token is lost on reload */
    }
    els.tokenInput.value = "";
    els.tokenPanel.hidden = true;
    var retry = state.retry;
    state.retry = null;
    if (!state.documentsLoaded) loadDocuments();
    if (retry) retry();
    els.question.focus();
  }

  // -- documents and filters ---------------------------------------------------------------
  function documentsOf(data) {
    if (Array.isArray(data)) return data;
    if (data && Array.isArray(data.documents)) return data.documents;
    return [];
  }

  function fillSelect(select, values, label) {
    var current = select.value;
    while (select.options.length > 1) select.remove(1);
    values.forEach(function (item) {
      var option = el("option", { value: item.value, text: label(item) });
      select.appendChild(option);
    });
    if (current && values.some(function (v) { return String(v.value) === current; })) {
      select.value = current;
    }
  }

  function loadDocuments() {
    return api("/v1/documents").then(
      function (data) {
        var docs = documentsOf(data);
        var regions = {};
        var years = {};
        docs.forEach(function (doc) {
          var region = str(doc.region).trim();
          if (region) {
            regions[region] = regions[region] || { value: region, parent: str(doc.parent_region), count: 0 };
            regions[region].count += 1;
          }
          if (isInt(doc.year)) years[doc.year] = { value: String(doc.year), count: (years[doc.year] || { count: 0 }).count + 1 };
        });
        var regionList = Object.keys(regions).sort(function (a, b) { return a.localeCompare(b, "zh-CN"); })
          .map(function (k) { return regions[k]; });
        var yearList = Object.keys(years).sort(function (a, b) { return b - a; })
          .map(function (k) { return years[k]; });
        fillSelect(els.region, regionList, function (r) {
          return r.parent ? r.value + "（" + r.parent + "）" : r.value;
        });
        fillSelect(els.year, yearList, function (y) { return y.value + "年"; });
        state.documentsLoaded = true;
        els.docStatus.textContent = "已收录 " + docs.length + " 份报告 · " + docs.length + " reports";
        els.docStatus.classList.remove("status-error");
      },
      function (error) {
        if (error.status === 401) {
          els.docStatus.textContent = "需要访问令牌";
          askForToken(error.message, null);
          return;
        }
        els.docStatus.textContent = "报告列表载入失败：" + error.message;
        els.docStatus.classList.add("status-error");
      }
    );
  }

  function currentFilters() {
    var filters = {};
    if (els.region.value) filters.region = els.region.value;
    if (els.year.value) filters.year = parseInt(els.year.value, 10);
    return Object.keys(filters).length ? filters : null;
  }

  function filtersLabel(filters) {
    if (!filters) return "";
    var parts = [];
    if (filters.region) parts.push(filters.region);
    if (filters.year) parts.push(filters.year + "年");
    return parts.join(" · ");
  }

  // -- rendering ---------------------------------------------------------------------------
  function hideEmptyState() {
    if (els.emptyState) els.emptyState.hidden = true;
  }

  function renderUser(text, filters) {
    var label = filtersLabel(filters);
    var node = el("article", { className: "msg msg-user", "aria-label": "我的问题" }, [
      el("div", { className: "bubble" }, [
        el("p", { className: "user-text", text: text }),
        label ? el("p", { className: "user-filters", text: "筛选：" + label }) : null,
      ]),
    ]);
    els.conversation.appendChild(node);
    return node;
  }

  function renderPending() {
    var node = el("article", { className: "msg msg-assistant msg-pending", "aria-busy": "true", "aria-label": "正在回答" }, [
      el("div", { className: "bubble" }, [
        el("p", { className: "pending" }, [
          el("span", { className: "spinner", "aria-hidden": "true" }),
          "检索中… Searching the reports…",
        ]),
      ]),
    ]);
    els.conversation.appendChild(node);
    return node;
  }

  function metaLine(hit) {
    var parts = [];
    if (isInt(hit.paragraph)) parts.push("第" + hit.paragraph + "段");
    var place = [str(hit.region), isInt(hit.year) ? hit.year + "年" : ""].filter(Boolean).join(" ");
    if (place) parts.push(place);
    if (isInt(hit.start) && isInt(hit.end)) parts.push("字符 " + hit.start + "–" + hit.end);
    return parts.join(" · ");
  }

  /** One citation card (hit from /v1/chat). `id` must be unique in the page. */
  function renderHit(hit, id, number) {
    hit = hit || {};
    var contextId = id + "-context";
    var button = el("button", {
      type: "button",
      className: "btn btn-link expand",
      "aria-expanded": "false",
      "aria-controls": contextId,
      text: "展开上下文",
    });
    var title = str(hit.title) || str(hit.source) || str(hit.doc_id) || "（无标题）";
    var path = headingText(hit.heading_path);
    var card = el("li", { className: "card", id: id, "data-passage-id": str(hit.passage_id) }, [
      el("div", { className: "card-head" }, [
        el("span", { className: "badge", text: "[" + number + "]", "aria-hidden": "true" }),
        el("h4", { className: "card-title", text: title }),
      ]),
      path ? el("p", { className: "card-path", text: path }) : null,
      el("p", { className: "card-meta", text: metaLine(hit) }),
      el("blockquote", { className: "card-text" }, [highlighted(hit.text, hit.highlights)]),
      el("div", { className: "card-actions" }, [button, copyButton(hit)]),
      el("div", { className: "context", id: contextId, hidden: true }),
    ]);
    card._hit = hit;
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      toggleContext(card);
    });
    card.addEventListener("click", function (event) {
      if (event.target.closest("a, button, .context")) return;
      var selection = window.getSelection && window.getSelection();
      if (selection && String(selection).length) return; // selecting text to copy
      toggleContext(card);
    });
    return card;
  }

  function copyButton(hit) {
    var citation = citationText(hit);
    var button = el("button", {
      type: "button",
      className: "btn btn-link copy-citation",
      "data-citation": citation,
      title: citation,
      text: "复制引用",
    });
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      copyText(citation).then(function () {
        button.textContent = "已复制";
        setTimeout(function () { button.textContent = "复制引用"; }, 1500);
      });
    });
    return button;
  }

  function contextPassages(data, requestedId) {
    if (!data) return [];
    var list;
    if (Array.isArray(data.passages)) list = data.passages.slice();
    else {
      var neighbours = Array.isArray(data.neighbours) ? data.neighbours : [];
      list = neighbours.slice();
      if (data.passage && !list.some(function (p) { return p && p.passage_id === data.passage.passage_id; })) {
        list.push(data.passage);
      }
    }
    list = list.filter(function (p) { return p && typeof p === "object"; });
    list.forEach(function (p) {
      if (typeof p.requested !== "boolean") p.requested = p.passage_id === requestedId;
    });
    if (list.every(function (p) { return isInt(p.start); })) {
      list.sort(function (a, b) { return a.start - b.start; });
    }
    return list;
  }

  function renderContext(box, data, hit) {
    box.textContent = "";
    var passages = contextPassages(data, hit.passage_id);
    if (!passages.length) {
      box.appendChild(el("p", { className: "context-empty", text: "没有可显示的上下文。" }));
      return;
    }
    var list = el("ol", { className: "context-list", "aria-label": "上下文段落" });
    var lastPath = null;
    passages.forEach(function (p) {
      var path = headingText(p.heading_path);
      var item = el("li", { className: "context-item" + (p.requested ? " is-requested" : "") });
      if (path && path !== lastPath) item.appendChild(el("p", { className: "context-path", text: path }));
      lastPath = path;
      var label = isInt(p.paragraph) ? "第" + p.paragraph + "段" : "";
      if (label && isInt(p.part) && p.part > 1) label += "（续" + (p.part - 1) + "）";
      if (p.requested) label = (label ? label + " · " : "") + "引用段落";
      if (label) item.appendChild(el("p", { className: "context-label", text: label }));
      var sameText = p.requested && str(p.text) === str(hit.text);
      item.appendChild(el("p", { className: "context-text" }, [
        sameText ? highlighted(p.text, hit.highlights) : document.createTextNode(str(p.text)),
      ]));
      if (p.requested) item.setAttribute("aria-current", "true");
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function toggleContext(card) {
    var box = card.querySelector(".context");
    var button = card.querySelector(".expand");
    var hit = card._hit || {};
    if (!box.hidden) {
      box.hidden = true;
      button.setAttribute("aria-expanded", "false");
      button.textContent = "展开上下文";
      card.classList.remove("is-expanded");
      return;
    }
    box.hidden = false;
    button.setAttribute("aria-expanded", "true");
    button.textContent = "收起上下文";
    card.classList.add("is-expanded");
    if (card._contextLoaded || card._contextLoading) return;
    if (!hit.passage_id) {
      box.textContent = "";
      box.appendChild(el("p", { className: "context-empty", text: "这个段落没有编号，无法载入上下文。" }));
      return;
    }
    card._contextLoading = true;
    box.setAttribute("aria-busy", "true");
    box.textContent = "";
    box.appendChild(el("p", { className: "pending" }, [
      el("span", { className: "spinner", "aria-hidden": "true" }),
      "正在载入上下文…",
    ]));
    api("/v1/passages/" + encodeURIComponent(hit.passage_id) + "?context=" + CONTEXT).then(
      function (data) {
        card._contextLoaded = true;
        renderContext(box, data, hit);
      },
      function (error) {
        box.textContent = "";
        box.appendChild(el("p", { className: "error-text", role: "alert", text: "上下文载入失败：" + error.message }));
        if (error.status === 401) {
          askForToken(error.message, function () {
            if (!box.hidden) {
              box.hidden = true;
              toggleContext(card);
            }
          });
        }
      }
    ).finally(function () {
      card._contextLoading = false;
      box.removeAttribute("aria-busy");
    });
  }

  function citationNumbers(result) {
    var index = {};
    (result.citations || []).forEach(function (hit, i) {
      if (hit && hit.passage_id && !(hit.passage_id in index)) index[hit.passage_id] = i + 1;
    });
    var numbers = [];
    (Array.isArray(result.sentences) ? result.sentences : []).forEach(function (s) {
      var n = s && index[s.passage_id];
      if (n && numbers.indexOf(n) < 0) numbers.push(n);
    });
    return numbers;
  }

  /** A refusal for weak evidence (not for a verified fact): its passages may still help. */
  function isTentative(result) {
    var code = result.reason && typeof result.reason === "object" ? str(result.reason.code) : "";
    return code === "low_confidence" && Array.isArray(result.citations) && result.citations.length > 0;
  }

  function confidenceText(result) {
    var value = typeof result.confidence === "number" && isFinite(result.confidence) ? result.confidence : 0;
    return Math.round(value * 100) + "%";
  }

  /** The assistant's bubble and citation cards for one /v1/chat response. */
  function renderAnswer(result, question, turn) {
    result = result || {};
    var answerable = result.answerable === true && str(result.answer) !== "";
    var tentative = !answerable && isTentative(result);
    var node = el("article", {
      className: "msg msg-assistant " + (answerable ? "is-answer" : tentative ? "is-tentative" : "is-noanswer"),
      "aria-label": answerable ? "回答" : tentative ? "可能相关" : "未找到答案",
    });
    var bubble = el("div", { className: "bubble" });
    var rewritten = str(result.rewritten_query).trim();
    if (rewritten && compact(rewritten) !== compact(question)) {
      bubble.appendChild(el("p", { className: "rewritten" }, [
        el("span", { className: "rewritten-label", text: "已改写为：" }),
        el("q", { text: rewritten }),
      ]));
    }
    var bridged = Array.isArray(result.bridged_terms) ? result.bridged_terms.map(str) : [];
    if (bridged.length) {
      bubble.appendChild(el("p", { className: "rewritten" }, [
        el("span", { className: "rewritten-label", text: "按报告用语匹配：" }),
        el("span", { text: bridged.join("、") }),
      ]));
    }
    var prefix = "t" + turn;
    if (answerable) {
      bubble.appendChild(el("div", { className: "answer-text", text: str(result.answer) }));
      var numbers = citationNumbers(result);
      if (numbers.length) {
        var refs = el("p", { className: "answer-refs" }, ["出处："]);
        numbers.forEach(function (n) {
          var link = el("a", { href: "#" + prefix + "-c" + n, className: "ref", text: "[" + n + "]" });
          link.addEventListener("click", function (event) {
            event.preventDefault();
            var target = document.getElementById(prefix + "-c" + n);
            if (target) {
              scrollIntoView(target);
              target.classList.remove("flash");
              void target.offsetWidth;
              target.classList.add("flash");
            }
          });
          refs.appendChild(link);
          refs.appendChild(document.createTextNode(" "));
        });
        bubble.appendChild(refs);
      }
    } else if (tentative) {
      bubble.appendChild(el("div", { className: "noanswer tentative", role: "note", "data-code": "low_confidence" }, [
        el("p", { className: "noanswer-title", text: "可能相关" }),
        el("p", { className: "noanswer-sub", text: "把握不足，未给出答案；下面的段落可能相关（置信度 " + confidenceText(result) + "）" }),
        result.reason ? el("p", { className: "reason", text: "原因：" + reasonText(result.reason) }) : null,
      ]));
    } else {
      var code = result.reason && typeof result.reason === "object" ? str(result.reason.code) : "";
      bubble.appendChild(el("div", { className: "noanswer", role: "note", "data-code": code || null }, [
        el("p", { className: "noanswer-title", text: "报告中未找到答案" }),
        isChinese(question) ? null : el("p", { className: "noanswer-sub", text: "The reports do not say." }),
        result.reason ? el("p", { className: "reason", text: "原因：" + reasonText(result.reason) }) : null,
      ]));
    }
    var notes = Array.isArray(result.notes) ? result.notes : [];
    if (notes.length) {
      node.classList.add("has-notes");
      var noteList = el("ul", { className: "notes", role: "note", "aria-label": "注意" });
      notes.forEach(function (note) {
        noteList.appendChild(el("li", { className: "note", "data-code": str(note && note.code) || null }, [
          el("span", { className: "note-label", text: "注意：" }),
          reasonText(note),
        ]));
      });
      bubble.insertBefore(noteList, bubble.firstChild);
    }
    var exportButton = el("button", { type: "button", className: "btn btn-link export-md", text: "导出 Markdown" });
    exportButton.addEventListener("click", function () {
      download("fazhi-qa-" + turn + ".md", answerMarkdown(result, question));
    });
    bubble.appendChild(el("p", { className: "answer-actions" }, [exportButton]));
    if (typeof result.took_ms === "number" && isFinite(result.took_ms)) {
      bubble.appendChild(el("p", { className: "took", text: "用时 " + Math.round(result.took_ms) + " ms" }));
    }
    node.appendChild(bubble);

    var hits = Array.isArray(result.citations) ? result.citations : [];
    if (hits.length) {
      var heading = answerable ? "引用段落 Citations" : tentative ? "可能相关的段落 Possibly related" : "相关段落 Related passages";
      var section = el("section", { className: "citations", "aria-label": heading }, [
        el("h3", { className: "citations-title", text: heading + "（" + hits.length + "）" }),
      ]);
      var list = el("ol", { className: "cards" });
      hits.forEach(function (hit, i) {
        list.appendChild(renderHit(hit, prefix + "-c" + (i + 1), i + 1));
      });
      section.appendChild(list);
      node.appendChild(section);
    }
    return node;
  }

  function renderError(error, retry) {
    var node = el("article", { className: "msg msg-assistant is-error", role: "alert", "aria-label": "出错" });
    var bubble = el("div", { className: "bubble" }, [
      el("p", { className: "error-title", text: error.status === 401 ? "需要访问令牌" : "出错了 · Error" }),
      el("p", { className: "error-text", text: str(error.message) }),
      error.code ? el("p", { className: "error-code", text: "代码 " + error.code + (error.status ? " · HTTP " + error.status : "") }) : null,
    ]);
    if (retry) {
      var button = el("button", { type: "button", className: "btn btn-secondary btn-small", text: "重试 Retry" });
      button.addEventListener("click", function () {
        node.remove();
        retry();
      });
      bubble.appendChild(button);
    }
    node.appendChild(bubble);
    return node;
  }

  // -- conversation ------------------------------------------------------------------------
  function historyFor(question) {
    var messages = state.messages.concat([{ role: "user", content: question }]).map(function (m) {
      var content = str(m.content);
      if (m.role === "assistant" && content.length > MAX_ASSISTANT_CHARS) {
        content = content.slice(0, MAX_ASSISTANT_CHARS);
      }
      return { role: m.role, content: content };
    });
    if (messages.length > MAX_MESSAGES) messages = messages.slice(messages.length - MAX_MESSAGES);
    while (messages.length > 1 && messages[0].role !== "user") messages.shift();
    return messages;
  }

  function setBusy(busy) {
    state.busy = busy;
    els.send.disabled = busy;
    els.send.textContent = busy ? "检索中…" : "发送";
    els.conversation.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function send(question, userNode) {
    question = str(question).trim();
    if (!question || state.busy) return;
    hideEmptyState();
    var filters = currentFilters();
    if (!userNode) userNode = renderUser(question, filters);
    userNode.classList.remove("is-failed");
    var pending = renderPending();
    scrollIntoView(pending);
    setBusy(true);
    var generation = state.generation;
    var controller = new AbortController();
    state.controller = controller;
    var body = { messages: historyFor(question), top_k: TOP_K };
    if (filters) body.filters = filters;
    var turn = ++state.turn;
    api("/v1/chat", { method: "POST", body: body, signal: controller.signal }).then(
      function (result) {
        if (generation !== state.generation) return;
        var answerable = result && result.answerable === true && str(result.answer) !== "";
        var reply = answerable ? str(result.answer) : reasonText(result && result.reason) || "报告中未找到答案";
        state.messages.push({ role: "user", content: question });
        state.messages.push({ role: "assistant", content: reply });
        var node = renderAnswer(result, question, turn);
        pending.replaceWith(node);
        scrollIntoView(node, "start");
      },
      function (error) {
        if (generation !== state.generation) return;
        userNode.classList.add("is-failed");
        var retry = function () { send(question, userNode); };
        var node = renderError(error, retry);
        pending.replaceWith(node);
        scrollIntoView(node);
        if (error.status === 401) {
          askForToken(error.message, function () {
            node.remove();
            retry();
          });
        }
      }
    ).finally(function () {
      if (generation !== state.generation) return;
      state.controller = null;
      setBusy(false);
    });
  }

  function newConversation() {
    state.generation += 1;
    if (state.controller) state.controller.abort();
    state.controller = null;
    state.messages = [];
    state.turn = 0;
    setBusy(false);
    Array.from(els.conversation.children).forEach(function (child) {
      if (child !== els.emptyState) child.remove();
    });
    els.emptyState.hidden = false;
    els.question.value = "";
    autoGrow();
    els.question.focus();
  }

  function autoGrow() {
    var q = els.question;
    q.style.height = "auto";
    q.style.height = Math.min(q.scrollHeight + 2, 200) + "px";
  }

  function submit(event) {
    if (event) event.preventDefault();
    var question = els.question.value.trim();
    if (!question || state.busy) return;
    els.question.value = "";
    autoGrow();
    send(question);
  }

  // -- start -------------------------------------------------------------------------------
  function init() {
    els.conversation = document.getElementById("conversation");
    els.emptyState = document.getElementById("empty-state");
    els.question = document.getElementById("question");
    els.send = document.getElementById("send");
    els.composer = document.getElementById("composer");
    els.region = document.getElementById("filter-region");
    els.year = document.getElementById("filter-year");
    els.docStatus = document.getElementById("doc-status");
    els.tokenPanel = document.getElementById("token-panel");
    els.tokenInput = document.getElementById("token-input");
    els.tokenMessage = document.getElementById("token-message");

    els.composer.addEventListener("submit", submit);
    els.question.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey) return;
      if (event.isComposing || event.keyCode === 229) return; // IME: Enter picks a candidate
      event.preventDefault();
      submit();
    });
    els.question.addEventListener("input", autoGrow);
    document.getElementById("new-chat").addEventListener("click", newConversation);
    document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
    els.tokenPanel.addEventListener("submit", saveToken);
    Array.from(document.querySelectorAll(".example")).forEach(function (button) {
      button.addEventListener("click", function () { send(button.textContent); });
    });
    loadDocuments();
    els.question.focus();
  }

  // For tests and debugging; renders only, never sends.
  window.fazhiChat = {
    state: state,
    renderAnswer: renderAnswer,
    renderHit: renderHit,
    citationText: citationText,
    answerMarkdown: answerMarkdown,
    highlighted: highlighted,
    send: function (q) { send(q); },
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

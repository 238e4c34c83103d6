// Tablet checklist: every item saves on its own (htmx). Unsent input is kept as a local draft
// so a dropped connection or a reload never loses what the auditor typed.
(function () {
  "use strict";
  var PREFIX = "qms-checklist-item-";

  function formData(form) {
    var data = {};
    form.querySelectorAll("textarea, input[type=text], input:not([type])").forEach(function (el) { data[el.name] = el.value; });
    form.querySelectorAll("input[type=radio]:checked").forEach(function (el) { data[el.name] = el.value; });
    return data;
  }

  function restore(card) {
    var raw = window.localStorage.getItem(PREFIX + card.dataset.item);
    var form = card.querySelector("form.record-form");
    if (!raw || !form) { return; }
    var data = JSON.parse(raw);
    Object.keys(data).forEach(function (name) {
      form.querySelectorAll("[name='" + name + "']").forEach(function (el) {
        if (el.type === "radio") { el.checked = el.value === data[name]; } else { el.value = data[name]; }
      });
    });
    state(card, "有未保存的草稿，请点击“保存本项”。", "text-warning");
  }

  function state(card, text, css) {
    var el = card.querySelector(".save-state");
    if (el) { el.textContent = text; el.className = "save-state small " + css; }
  }

  function cardOf(el) { return el && el.closest ? el.closest(".checklist-item") : null; }

  document.addEventListener("input", function (event) {
    var form = event.target.closest("form.record-form");
    var card = cardOf(form);
    if (card) { window.localStorage.setItem(PREFIX + card.dataset.item, JSON.stringify(formData(form))); }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form.record-form");
    var card = cardOf(form);
    if (card) { window.localStorage.setItem(PREFIX + card.dataset.item, JSON.stringify(formData(form))); }
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var card = document.getElementById(event.detail.target.id) || event.detail.target;
    if (card && card.dataset && card.dataset.saved) { window.localStorage.removeItem(PREFIX + card.dataset.item); }
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    state(cardOf(event.detail.elt), "网络不通，未保存；内容已留在本机，请稍后再点“保存本项”。", "text-danger");
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    state(cardOf(event.detail.elt), "保存失败（" + event.detail.xhr.status + "），请重试。", "text-danger");
  });
  document.querySelectorAll(".checklist-item").forEach(restore);
})();

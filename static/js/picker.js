// The person picker (views/picker.templ) as a combobox: typing asks GET /people/pick for the
// best matches (the name index: name, pinyin, initials, employee ID, email) and lists them as
// options; arrow keys move through them, Enter or a click chooses one, Escape closes the list.
// A chosen person becomes a ticked box (or the one selected radio button) in the form, so the
// form posts exactly as it does without this file, where the Search button asks the server.
(function () {
  var pickers = document.querySelectorAll("[data-person-picker]");
  Array.prototype.forEach.call(pickers, function (picker) {
    if (picker.dataset.pickerReady) return;
    picker.dataset.pickerReady = "1";
    var name = picker.dataset.name;
    var multiple = picker.hasAttribute("data-multiple");
    var input = picker.querySelector("[role=combobox]");
    var listbox = picker.querySelector("[data-picker-options]");
    var status = picker.querySelector("[data-picker-status]");
    var chosen = picker.querySelector("[data-picker-chosen]");
    var submit = picker.querySelector("[data-picker-submit]");
    var src = picker.dataset.src;
    var msg = function (key, args) {
      return (picker.getAttribute("data-msg-" + key) || "").replace(/\{(\w+)\}/g, function (m, k) {
        return k in args ? String(args[k]) : m;
      });
    };
    if (submit) submit.hidden = true; // results come as one types
    var options = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(i) {
      options.forEach(function (o, j) {
        o.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(people, q) {
      listbox.textContent = "";
      options = people.map(function (p, i) {
        var li = document.createElement("li");
        li.id = name + "-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.value = p.value != null ? p.value : p.employee_id; // goals (GET /goals/pick) carry value
        li.dataset.name = p.name;
        li.dataset.sub = p.sub;
        li.dataset.testid = "picker-option";
        var n = document.createElement("span");
        n.className = "rec-colleague-name";
        n.textContent = p.name;
        var s = document.createElement("span");
        s.className = "muted small";
        s.textContent = " " + p.sub;
        li.appendChild(n);
        li.appendChild(s);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep focus in the box
        li.addEventListener("click", function () { choose(li); });
        listbox.appendChild(li);
        return li;
      });
      status.textContent = people.length ? msg(people.length === 1 ? "matching-one" : "matching-other", { n: people.length, q: q }) : msg("none", { q: q });
      listbox.hidden = people.length === 0;
      input.setAttribute("aria-expanded", people.length ? "true" : "false");
      setActive(-1);
    }

    function search() {
      var q = input.value.trim();
      if (!q) {
        close();
        status.textContent = "";
        return;
      }
      var mine = ++asked;
      var url = src + (src.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { people: [] }; })
        .then(function (body) {
          if (mine === asked) show(body.people || body.goals || [], q); // an older answer arriving late is dropped
        })
        .catch(function () {});
    }

    // choose ticks the person's box, adding it to the chosen list when it is not on the page.
    function choose(li) {
      var value = li.dataset.value;
      var box = Array.prototype.find.call(picker.querySelectorAll("input[name='" + name + "']"), function (b) {
        return b.value === value;
      });
      if (!box) {
        var row = document.createElement("li");
        row.setAttribute("data-picker-row", value);
        var label = document.createElement("label");
        label.className = "rec-colleague";
        box = document.createElement("input");
        box.type = multiple ? "checkbox" : "radio";
        box.name = name;
        box.value = value;
        // The same test id as the boxes the server drew (picker-person or picker-goal).
        var drawn = picker.querySelector("input[name='" + name + "'][data-testid]");
        box.dataset.testid = drawn ? drawn.dataset.testid : "picker-person";
        var n = document.createElement("span");
        n.className = "rec-colleague-name";
        n.textContent = li.dataset.name;
        var s = document.createElement("span");
        s.className = "muted small";
        s.textContent = li.dataset.sub;
        label.appendChild(box);
        label.appendChild(n);
        label.appendChild(s);
        row.appendChild(label);
        chosen.appendChild(row);
      }
      box.checked = true;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      status.textContent = msg("added", { name: li.dataset.name });
      input.value = "";
      close();
      input.focus();
    }

    // A picker standing for one choice of a select sets it when someone is chosen.
    if (picker.dataset.select) {
      picker.addEventListener("change", function (e) {
        var sel = picker.form && picker.form.elements[picker.dataset.select];
        if (e.target.name === name && e.target.checked && sel) sel.value = picker.dataset.selectValue;
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && options.length) {
        e.preventDefault();
        if (listbox.hidden) { listbox.hidden = false; input.setAttribute("aria-expanded", "true"); }
        setActive((active + 1) % options.length);
      } else if (e.key === "ArrowUp" && options.length) {
        e.preventDefault();
        setActive(active <= 0 ? options.length - 1 : active - 1);
      } else if (e.key === "Enter") {
        e.preventDefault(); // Enter chooses or searches; it never sends the form
        if (active >= 0 && !listbox.hidden) choose(options[active]);
        else { clearTimeout(timer); search(); }
      } else if (e.key === "Escape") {
        if (!listbox.hidden) { e.preventDefault(); close(); }
      }
    });
    // A keypress of Enter would send the form through its first (the picker's hidden) button.
    input.addEventListener("keypress", function (e) {
      if (e.key === "Enter") e.preventDefault();
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  });
})();

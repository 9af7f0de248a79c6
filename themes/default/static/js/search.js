/*
 * handbok – search (index format: docs/search-index.md). Without this file the form is a
 * plain GET to the search page. Fetches nothing until a search box gets focus or a query.
 */
(function () {
  'use strict';

  var forms = document.querySelectorAll('form.site-search[data-manifest]');
  var cache = {};
  var WORD = /[\p{L}\p{N}]+/gu;
  if (!forms.length) return;

  function get(url) {
    var p = cache[url];
    if (!p) {
      p = cache[url] = fetch(url, { cache: /\?v=/.test(url) ? 'default' : 'no-cache' })
        .then(function (r) { if (!r.ok) throw Error(r.status); return r.json(); });
      p.catch(function () { delete cache[url]; });
    }
    return p;
  }
  function fold(s) { return s.normalize('NFD').replace(/[\u0300-\u036f]/g, ''); }
  function words(s) { return s.normalize('NFC').toLowerCase().match(WORD) || []; }
  function abs(u) { return new URL(u, location.href).href; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // One index: a list of {d, s (score), n (words matched), t (glossary term)}.
  function search(src, query, limit) {
    return get(src.manifest).then(function (m) {
      var base = src.manifest.replace(/[^/]*$/, ''), v = '.json?v=' + m.build;
      var qs = words(query).filter(function (w) { return (m.stopwords || []).indexOf(fold(w)) < 0; });
      // A word is in the shard with the longest key that begins it; the shards of shorter keys
      // hold its shorter forms (for back-off). While the last word is still being typed, the
      // shards of longer keys that begin with it hold its completions.
      function keys(f) {
        return m.shards.filter(function (k) { return f.indexOf(k) === 0; });
      }
      function longer(f) {
        return m.shards.filter(function (k) { return k.length > f.length && k.indexOf(f) === 0; });
      }
      function load(list) {
        return Promise.all(list.map(function (k) {
          return get(base + 's/' + k.replace(/[^a-z0-9]/gu, function (c) { return '_' + c.codePointAt(0).toString(16); }) + v);
        }));
      }
      var need = {}, lastF = qs.length ? fold(qs[qs.length - 1]) : '';
      qs.forEach(function (q) { keys(fold(q)).forEach(function (k) { need[k] = 1; }); });
      need = Object.keys(need);
      return load(need).then(function (first) {
        var known = first.some(function (s) { return s.w[lastF] || s.w[qs[qs.length - 1]]; });
        var more = lastF.length > 1 && !known ? longer(lastF).filter(function (k) { return need.indexOf(k) < 0; }) : [];
        return load(more).then(function (second) {
          need = need.concat(more);
          return first.concat(second);
        });
      }).then(function (loaded) {
        var docs = {}, marks = {}, pre = [], term;
        function posting(stem) {
          for (var i = 0; i < loaded.length; i++) if (loaded[i].p[stem]) return loaded[i].p[stem];
          return [];
        }
        function forms(stems) {
          loaded.forEach(function (s) {
            Object.keys(s.w).forEach(function (k) {
              if (s.w[k].some(function (x) { return stems.indexOf(x) >= 0; })) marks[fold(k)] = 1;
            });
          });
        }
        qs.forEach(function (q, i) {
          var f = fold(q), last = i === qs.length - 1, best = {}, sh, hit, n, found;
          sh = keys(f).concat(last ? longer(f) : []).filter(function (k) { return need.indexOf(k) >= 0; })
            .map(function (k) { return loaded[need.indexOf(k)]; });
          function add(stems, wt) {
            stems.forEach(function (st) {
              var p = posting(st);
              for (var j = 0; j < p.length; j += 2) best[p[j]] = Math.max(best[p[j]] || 0, p[j + 1] * wt);
            });
          }
          function w(k) {
            for (var j = 0; j < sh.length; j++) if (sh[j].w[k]) return sh[j].w[k];
          }
          hit = w(q);
          if (hit) add(hit, 1);
          else if ((hit = w(f))) add(hit, q === f ? 1 : 0.6);
          if (hit) {
            forms(hit);
            marks[f] = 1;
            found = [f].concat(hit.map(fold));
          } else {
            for (n = f.length - 1; n >= 3 && !found; n--) {
              hit = [];
              sh.forEach(function (s) {
                Object.keys(s.p).forEach(function (k) { if (fold(k) === f.slice(0, n)) hit.push(k); });
              });
              if (hit.length) {
                add(hit, 0.7);
                pre.push(f.slice(0, n));
                found = hit.map(fold);
              }
            }
          }
          if (last && f.length > 1) {
            sh.forEach(function (s) {
              Object.keys(s.w).forEach(function (k) { if (fold(k).indexOf(f) === 0) add(s.w[k], 0.5); });
            });
            pre.push(f);
          }
          if (qs.length === 1) {
            (found || []).forEach(function (x) { if (term === undefined && m.terms && x in m.terms) term = m.terms[x]; });
          }
          Object.keys(best).forEach(function (d) {
            var r = docs[d] = docs[d] || { d: +d, s: 0, n: 0 };
            r.s += best[d];
            r.n++;
          });
        });
        if (term !== undefined) (docs[term] = docs[term] || { d: term, s: 0, n: 1 }).t = 1;
        var top = Object.keys(docs).map(function (d) { return docs[d]; }).sort(order).slice(0, limit);
        return Promise.all(top.map(function (r) {
          return get(base + 'd/' + Math.floor(r.d / m.chunk_size) + v);
        })).then(function (chunks) {
          return top.map(function (r, i) {
            var doc = chunks[i][r.d % m.chunk_size];
            r.n = r.n === qs.length;
            r.url = src.root + doc[0];
            r.doc = doc;
            r.rev = src.title;
            r.mark = function (word) {
              var x = fold(word.toLowerCase());
              return marks[x] || pre.some(function (p) { return x.indexOf(p) === 0; });
            };
            return r;
          });
        });
      });
    });
  }

  function order(a, b) { return (b.t || 0) - (a.t || 0) || b.n - a.n || b.s - a.s || a.d - b.d; }

  // About 160 characters around the first marked word.
  function excerpt(text, mark) {
    var re = new RegExp(WORD.source, 'gu'), m, at = 0, end;
    while ((m = re.exec(text))) if (mark(m[0])) { at = m.index; break; }
    at = at > 50 ? text.indexOf(' ', at - 50) + 1 : 0;
    end = at + 160 < text.length ? text.lastIndexOf(' ', at + 160) : text.length;
    if (end <= at) end = at + 160;
    return (at ? '… ' : '') + text.slice(at, end) + (end < text.length ? ' …' : '');
  }

  // Text into box, each matched word in a <mark>.
  function marked(box, text, mark) {
    var re = new RegExp(WORD.source, 'gu'), m, pos = 0;
    while ((m = re.exec(text))) {
      if (mark(m[0])) {
        box.appendChild(document.createTextNode(text.slice(pos, m.index)));
        box.appendChild(el('mark', '', m[0]));
        pos = m.index + m[0].length;
      }
    }
    box.appendChild(document.createTextNode(text.slice(pos)));
    return box;
  }

  function init(form) {
    var d = form.dataset, page = d.mode === 'page', root = page ? form.parentNode : form;
    var input = form.querySelector('input[type="search"]');
    var list = root.querySelector('.site-search__list');
    var status = root.querySelector('.site-search__status');
    var box = form.querySelector('.site-search__all');
    var all = box && box.querySelector('input');
    var seq = 0, timer, active = -1, opened;

    function sources() {
      var mine = { manifest: d.manifest, root: d.root };
      if (!all || !all.checked) return Promise.resolve([mine]);
      var base = d.revisions.replace(/search\/revisions\.json$/, '');
      return get(d.revisions).then(function (revs) {
        return revs.map(function (r) {
          var m = base + r.manifest;
          return { manifest: m, root: abs(m) === abs(d.manifest) ? d.root : base + r.id + '/', title: r.title };
        });
      });
    }
    function prefetch() {
      get(d.manifest).catch(function () {});
      if (box && !opened) {
        opened = get(d.revisions).then(function (revs) { box.hidden = revs.length < 2; }, function () {});
      }
    }
    function say(text) { status.textContent = text || ''; }
    function options() { return list.querySelectorAll('[role="option"]'); }
    function close() {
      if (page) return;
      form.classList.remove('is-open');
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function move(to) {
      var o = options();
      if (!o.length) return;
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      active = (to + o.length) % o.length;
      Array.prototype.forEach.call(o, function (x, i) { x.setAttribute('aria-selected', i === active); });
      input.setAttribute('aria-activedescendant', o[active].id);
      o[active].scrollIntoView({ block: 'nearest' });
    }
    function render(results) {
      list.textContent = '';
      close();
      results.forEach(function (r, i) {
        var item = el(page ? 'li' : 'a', 'site-search__item'), link = item, doc = r.doc;
        if (page) link = item.appendChild(el('a', 'site-search__link'));
        else {
          item.id = list.id + '-' + i;
          item.setAttribute('role', 'option');
          item.tabIndex = -1;
        }
        link.href = r.url;
        link.appendChild(marked(el('span', 'site-search__title'), doc[1], r.mark));
        if (doc[2] && doc[2] !== doc[1]) item.appendChild(marked(el('span', 'site-search__section'), doc[2], r.mark));
        item.appendChild(marked(el('span', 'site-search__excerpt'), excerpt(doc[3] || '', r.mark), r.mark));
        if (r.rev) item.appendChild(el('span', 'site-search__rev', r.rev));
        list.appendChild(item);
      });
      say(results.length ? (results.length === 1 ? d.textCountOne : d.textCount).replace('{count}', results.length) : d.textNone);
      form.classList.add('is-open');
      if (!page && results.length) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
    }
    function run() {
      var q = input.value, n = ++seq, limit = page ? 30 : 10;
      clearTimeout(timer);
      if (page) {
        history.replaceState(null, '', '?q=' + encodeURIComponent(q) + (all.checked ? '&alla=1' : ''));
      }
      if (!q.trim()) {
        list.textContent = '';
        say('');
        return close();
      }
      sources().then(function (srcs) {
        return Promise.all(srcs.map(function (s) { return search(s, q, limit); }));
      }).then(function (sets) {
        if (n === seq) render([].concat.apply([], sets).sort(order).slice(0, limit));
      }, function () {
        if (n !== seq) return;
        list.textContent = '';
        close();
        say(d.textError);
        form.classList.add('is-open');
      });
    }

    input.addEventListener('focus', prefetch);
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, 80);
    });
    form.addEventListener('submit', function (e) {
      if (page) {
        e.preventDefault();
        run();
      }
    });
    if (page) {
      var params = new URLSearchParams(location.search);
      all.checked = params.get('alla') === '1';
      all.addEventListener('change', run);
      document.querySelector('.search-page__nojs').hidden = true;
      if (params.get('q')) {
        input.value = params.get('q');
        prefetch();
        run();
      }
      return;
    }
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');
    input.addEventListener('keydown', function (e) {
      var o = options();
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        move(list.hidden && active < 0 ? (e.key === 'ArrowUp' ? -1 : 0) : active + (e.key === 'ArrowUp' ? -1 : 1));
      } else if (e.key === 'Enter' && !list.hidden && o[active]) {
        e.preventDefault();
        location.href = o[active].href;
      } else if (e.key === 'Escape' && !list.hidden) {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', close);
    // Keep the focus in the box while an option is clicked or tapped.
    list.addEventListener('mousedown', function (e) { e.preventDefault(); });
  }

  Array.prototype.forEach.call(forms, init);

  // "/" or Ctrl+K / Cmd+K: to the search box, unless typing in another field.
  document.addEventListener('keydown', function (e) {
    var t = e.target, input = forms[0].querySelector('input[type="search"]');
    if ((e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey) || ((e.ctrlKey || e.metaKey) && e.key === 'k')) {
      if (t !== input && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
})();

/*
 * handbok – trainer mode. Without this file every question shows with its answer in a
 * closed <details> (printed: the answer key). Adds one question at a time for a
 * projector. Keys: ArrowRight/PageDown next, ArrowLeft/PageUp back, Home/End first/last,
 * Space shows or hides the answer and trainer note. The hash (#fraga-N) follows along,
 * so a reload stays on the question.
 */
(function () {
  'use strict';

  var trainer = document.querySelector('.trainer[data-trainer]');
  var slides = trainer ? Array.prototype.slice.call(trainer.querySelectorAll('[data-slide]')) : [];
  if (!slides.length) {
    return;
  }
  var prev = trainer.querySelector('.trainer__prev');
  var next = trainer.querySelector('.trainer__next');
  var reveal = trainer.querySelector('.trainer__reveal');
  var textShow = reveal.textContent;
  var textHide = trainer.dataset.textHide || textShow;
  var current = 0;

  function answer(index) {
    return slides[index].querySelector('.trainer__answer');
  }

  function sync() {
    var details = answer(current);
    var open = !!(details && details.open);
    reveal.hidden = !details;
    reveal.textContent = open ? textHide : textShow;
    reveal.setAttribute('aria-expanded', String(open));
  }

  function fromHash() {
    var match = /^#fraga-(\d+)$/.exec(window.location.hash);
    var index = match ? match[1] - 1 : 0;
    return index < slides.length ? index : 0;
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) {
      slide.hidden = i !== current;
    });
    prev.disabled = current === 0;
    next.disabled = current === slides.length - 1;
    sync();
    if (window.location.hash !== '#' + slides[current].id) {
      window.history.replaceState(null, '', '#' + slides[current].id);
    }
    if (focus) {
      // Screen readers read the new question.
      slides[current].focus();
    }
  }

  function toggle() {
    var details = answer(current);
    if (details) {
      details.open = !details.open;
      sync();
    }
  }

  document.body.classList.add('is-presenting');
  trainer.classList.add('is-slides');
  trainer.querySelector('.trainer__controls').hidden = false;
  trainer.querySelector('.trainer__keys').hidden = false;

  prev.addEventListener('click', function () { show(current - 1, true); });
  next.addEventListener('click', function () { show(current + 1, true); });
  reveal.addEventListener('click', toggle);
  trainer.addEventListener('toggle', sync, true);
  window.addEventListener('hashchange', function () { show(fromHash(), true); });

  document.addEventListener('keydown', function (event) {
    var tag = event.target.tagName;
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(tag) || event.target.isContentEditable) {
      return;
    }
    var to = {
      ArrowRight: current + 1, PageDown: current + 1, ArrowLeft: current - 1,
      PageUp: current - 1, Home: 0, End: slides.length - 1
    }[event.key];
    if (to !== undefined) {
      event.preventDefault();
      show(to, true);
    } else if (event.key === ' ' && !/^(BUTTON|A|SUMMARY)$/.test(tag)) {
      // Space on a button, link or summary keeps its own meaning.
      event.preventDefault();
      toggle();
    }
  });

  // On paper every answer and note shows (print.css too), then the screen is as before.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    opened = slides.map(function (slide, i) {
      var details = answer(i);
      var was = details && details.open;
      if (details) {
        details.open = true;
      }
      return was;
    });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (was, i) {
      if (answer(i)) {
        answer(i).open = was;
      }
    });
    sync();
  });

  show(fromHash(), false);
})();

/*
 * handbok – progressive enhancement only. The site works without this file.
 * Escape hides a visible term tooltip (WCAG 1.4.13: content on hover or focus
 * must be dismissible). The tooltip comes back when the pointer or focus leaves
 * the term and returns.
 */
(function () {
  'use strict';

  // Version switcher: the links lead to the same page in another revision; carry the heading
  // being read along, so the reader lands on it when it is still there.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('.versions__link[data-same-page]');
    if (link && location.hash && link.href.indexOf('#') < 0) {
      link.href += location.hash;
    }
  });
})();

(function () {
  'use strict';

  var terms = document.querySelectorAll('.term');
  if (!terms.length) {
    return;
  }

  function isActive(term) {
    return term.matches(':hover') || term.contains(document.activeElement);
  }

  function reset(event) {
    var term = event.currentTarget;
    // Ignore moves between the link and the tip inside the same term.
    if (event.relatedTarget && term.contains(event.relatedTarget)) {
      return;
    }
    term.classList.remove('is-dismissed');
  }

  Array.prototype.forEach.call(terms, function (term) {
    term.addEventListener('mouseleave', reset);
    term.addEventListener('focusout', reset);
  });

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' && event.key !== 'Esc') {
      return;
    }
    Array.prototype.forEach.call(terms, function (term) {
      if (isActive(term) && !term.classList.contains('is-dismissed')) {
        term.classList.add('is-dismissed');
      }
    });
  });
})();

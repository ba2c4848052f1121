/**
 * "Was this helpful?": a plain form that posts to the page's own `/feedback` path (works without JavaScript,
 * answers with a redirect back), upgraded by a tiny script to post JSON to the public feedback API in place.
 */
import { html, trusted, type SafeHtml } from '../html';
import type { HelpT } from '../locales';

export function feedbackForm(t: HelpT, a: { id: number; language: string; path: string }, state: 'form' | 'thanks'): SafeHtml {
  if (state === 'thanks') {
    return html`<section class="card feedback" id="feedback" aria-label="${t('feedback.question')}"><p class="ok" role="status">${t('feedback.thanks')}</p></section>`;
  }
  return html`<section class="card feedback" id="feedback" aria-labelledby="feedback-h">
<form method="post" action="${a.path}/feedback" data-feedback data-testid="feedback-form"
 data-api="/api/v1/help-center/articles/${a.id}/feedback" data-language="${a.language}" data-thanks="${t('feedback.thanks')}" data-failed="${t('feedback.failed')}">
<h2 id="feedback-h">${t('feedback.question')}</h2>
<div data-fields>
<p><label for="feedback-comment">${t('feedback.comment')}</label><br>
<textarea id="feedback-comment" name="comment" rows="2" maxlength="2000"></textarea></p>
<div class="choices"><button type="submit" name="helpful" value="yes">${t('feedback.yes')}</button>
<button type="submit" name="helpful" value="no" class="secondary">${t('feedback.no')}</button></div>
</div>
<p data-status role="status" aria-live="polite"></p>
</form>
</section>
<script>${trusted(FEEDBACK_SCRIPT)}</script>`;
}

const FEEDBACK_SCRIPT = `(function(){var f=document.querySelector('form[data-feedback]');if(!f)return;
var status=f.querySelector('[data-status]'),buttons=[].slice.call(f.querySelectorAll('button'));
f.addEventListener('submit',function(e){e.preventDefault();
var body={language:f.dataset.language,helpful:!!(e.submitter&&e.submitter.value==='yes')},c=f.elements.comment.value.trim();if(c)body.comment=c;
buttons.forEach(function(b){b.disabled=true});
fetch(f.dataset.api,{method:'POST',credentials:'omit',headers:{'content-type':'application/json'},body:JSON.stringify(body)})
.then(function(r){if(!r.ok)throw new Error(String(r.status));f.querySelector('[data-fields]').hidden=true;status.textContent=f.dataset.thanks;status.className='ok'})
.catch(function(){status.textContent=f.dataset.failed;status.className='bad';buttons.forEach(function(b){b.disabled=false})})})})();`;

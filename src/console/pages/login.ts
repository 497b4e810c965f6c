import { csrfField, layout, type PageContext } from '../layout.js';
import { messages } from '../messages.js';

export function loginPage(context: PageContext, failed = false): string {
  const t = messages(context.lang);
  return layout(
    context,
    t.login,
    `<section>${failed ? `<p class="notice" role="alert">${t.badLogin}</p>` : ''}<form method="post" action="/console/login">${csrfField(context)}
<label>${t.name}<input name="name" autocomplete="username" required dir="ltr"></label>
<label>${t.password}<input name="password" type="password" autocomplete="current-password" required dir="ltr"></label>
<button>${t.login}</button></form></section>`,
  );
}

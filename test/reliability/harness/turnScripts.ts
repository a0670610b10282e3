/**
 * What people type, per language: menu choices by number and by words, "next" through a topic's cards, free-text
 * questions, and going back to the menu. Each simulated person walks one script, starting at a different turn.
 */
const SCRIPTS: Record<'en' | 'es' | 'zh', string[]> = {
  en: ['1', 'next', 'next', 'What was Title 42?', 'menu', 'asylum', 'next', 'Can I still ask for asylum at the border?', 'more', 'main menu', '3', 'continue'],
  es: ['1', 'siguiente', 'siguiente', '¿Qué fue el Título 42?', 'menú', 'la segunda', 'siguiente', '¿Todavía puedo pedir asilo en la frontera?', 'más', 'volver', '3', 'continuar'],
  zh: ['1', '下一个', '继续', '第42条是什么', '菜单', '第二个', '下一步', '我现在还能在边境申请庇护吗？', '更多', '返回', '3', '下一个'],
};

export const LOCALES = { en: 'en-US', es: 'es-ES', zh: 'zh-CN' } as const;
export type Language = keyof typeof LOCALES;
export const LANGUAGES: readonly Language[] = ['en', 'es', 'zh'];

/** The `turns` texts person number `n` sends, in their language. */
export function turnsFor(language: Language, n: number, turns: number): string[] {
  const script = SCRIPTS[language];
  // Start at the menu choice or a few turns in, so the load mixes steps instead of repeating one pattern.
  const start = [0, 0, 4, 5][n % 4];
  return Array.from({ length: turns }, (_, i) => script[(start + i) % script.length]);
}

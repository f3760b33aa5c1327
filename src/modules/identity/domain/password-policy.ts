/**
 * Password rules: 8 to 128 characters, and not one of the passwords attackers try first.
 * Length beats composition rules, so there are none of those; the list below holds the
 * most frequent passwords of public breach corpora plus studio-flavoured words.
 */
export const minPasswordLength = 8;
export const maxPasswordLength = 128;

const common = new Set(
  `123456 123456789 12345678 password qwerty123 qwerty1 111111 12345 1234567 1234567890 123123 000000 abc123
  password1 password123 iloveyou 1q2w3e4r 1q2w3e4r5t qwertyuiop 987654321 123321 654321 666666 121212 112233
  555555 777777 888888 999999 11111111 00000000 12341234 88888888 87654321 qwerty12 qwerty 1qaz2wsx zaq12wsx
  asdfghjkl asdfasdf azerty azertyuiop azerty123 motdepasse motdepasse1 soleil soleil123 bonjour bonjour1
  doudou loulou chouchou marseille nicolas jetaime jetaime1 sunshine princess dragon monkey football baseball
  welcome welcome1 welcome123 letmein letmein1 trustno1 superman batman master shadow michael jennifer
  hello123 charlie donald freedom whatever starwars passw0rd p@ssw0rd p@ssword pa$$word admin123 admin1234
  administrator changeme changeme1 secret123 computer internet samsung google1 linkedin facebook 123qwe
  qweasdzxc q1w2e3r4 a1b2c3d4 aaaaaaaa abcdefgh abcd1234 abc12345 test1234 testtest 1111111111 0123456789
  yoga1234 yogayoga yogalove namaste namaste1 namaste123 pilates1 pilates123 fitness1 fitness123 studio123
  dance123 karate123 lumiere1 summer2024 summer2025 summer2026 winter2025 winter2026 autumn2025 spring2026
  january1 february1 monday123 football1 iloveyou1 lovely123 michelle jessica ashley daniel thomas
  killer123 hunter2 hunter123 ginger123 pepper123 cookie123 buster123 harley123 tigger123 purple123
  orange123 chocolate chocolat 1234qwer qwer1234 asdf1234 zxcvbnm zxcvbnm1 1qazxsw2 q1w2e3r4t5 5201314`
    .split(/\s+/)
    .filter(Boolean),
);

/** Returns why the password is refused, or null when it is acceptable. */
export function checkPassword(password: string, context: { email?: string; studioName?: string } = {}): string | null {
  if (password.length < minPasswordLength) return `At least ${minPasswordLength} characters.`;
  if (password.length > maxPasswordLength) return `At most ${maxPasswordLength} characters.`;
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'This password is too common: choose another.';
  if (/^(.)\1+$/.test(password)) return 'A password of one repeated character is too easy to guess.';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower === local) return 'A password must not be your email address.';
  if (context.email && lower === context.email.toLowerCase()) return 'A password must not be your email address.';
  const studio = context.studioName?.toLowerCase().replace(/\s+/g, '');
  if (studio && studio.length >= 4 && lower.replace(/\s+/g, '') === studio) return 'A password must not be the studio name.';
  return null;
}

/** Logs in on the VoipNow control panel's form: a session and a redirect to its index on success. */
export async function panelLogin(baseUrl: string, username: string, password: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/login.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return (
    response.status === 302 &&
    response.headers.get('location') === '/index.php' &&
    /VNSESSID=/.test(response.headers.get('set-cookie') ?? '')
  );
}

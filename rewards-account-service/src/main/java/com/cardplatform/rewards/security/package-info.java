/** The OAuth2 scopes that the resources require ({@link com.cardplatform.rewards.security.Scopes}). */
package com.cardplatform.rewards.security;
